import type { z } from 'zod';

/** The outcome of reading one message: the parsed value, or why it is unusable. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Reads a JSON message body against its schema. Never throws: a consumer dead-letters a
 * failure with `reason` and carries on (bad input must not stop a partition).
 */
export function decodeMessage<S extends z.ZodType>(
  schema: S,
  raw: Buffer | string | null,
): Decoded<z.infer<S>> {
  if (raw === null) return { ok: false, reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason: `schema: ${issues}` };
}

/** Serialises a message for Kafka. Kept beside decodeMessage so both ends agree on the format. */
export function encodeMessage<T>(value: T): Buffer {
  return Buffer.from(JSON.stringify(value));
}
