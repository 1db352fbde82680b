/**
 * The recording format: JSON lines, one Kafka record per line, in the order read. A value that
 * is JSON (every message but changelog snapshots) is kept as JSON so recordings stay readable
 * and editable; anything else travels as base64.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { LoadtestErrors } from '../loadtest.errors';

export const RecordedMessage = z.strictObject({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.string(),
  /** Broker timestamp, epoch ms. */
  timestamp: z.number(),
  key: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  value: z.unknown().optional(),
  valueBase64: z.string().optional(),
});
export type RecordedMessage = z.infer<typeof RecordedMessage>;

export function toRecorded(topic: string, partition: number, m: KafkaMessage): RecordedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {}))
    if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  const out: RecordedMessage = {
    topic,
    partition,
    offset: m.offset,
    timestamp: Number(m.timestamp),
    key: m.key ? m.key.toString('utf8') : null,
    headers,
  };
  if (m.value === null) return out;
  try {
    out.value = JSON.parse(m.value.toString('utf8'));
  } catch {
    out.valueBase64 = m.value.toString('base64');
  }
  return out;
}

/** The record's value as bytes again (null for a tombstone). */
export function valueBytes(r: RecordedMessage): Buffer | null {
  if (r.valueBase64 !== undefined) return Buffer.from(r.valueBase64, 'base64');
  if (r.value === undefined) return null;
  return Buffer.from(JSON.stringify(r.value));
}

export class RecordingWriter {
  private readonly stream: WriteStream;
  count = 0;
  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
  }
  write(r: RecordedMessage): void {
    this.stream.write(JSON.stringify(r) + '\n');
    this.count++;
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

/** Reads a recording; a line that is not a recorded message stops the read with its number. */
export async function readRecording(path: string): Promise<RecordedMessage[]> {
  const out: RecordedMessage[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const parsed = RecordedMessage.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw LoadtestErrors.recordingInvalid(
        `${path}:${n}: not a recorded message: ${parsed.error.message}`,
      );
    out.push(parsed.data);
  }
  return out;
}
