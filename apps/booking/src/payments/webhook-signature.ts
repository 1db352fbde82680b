import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Id } from '@shared/contracts';

/**
 * The payment provider's webhook: a JSON body signed with HMAC-SHA256 over "<t>.<raw body>"
 * (t = unix seconds), sent as `x-payment-signature: t=<t>,v1=<hex>`. The timestamp bounds
 * replays of a captured request; the raw bytes are signed, so re-serialising the parsed body
 * can never make a forged one pass.
 */
export const PAYMENT_SIGNATURE_HEADER = 'x-payment-signature';
/** How old a signature may be (s) before it is refused as a replay. */
export const SIGNATURE_TOLERANCE_S = 300;

export const PaymentSucceeded = z.strictObject({
  type: z.literal('PaymentSucceeded'),
  v: z.literal(1),
  chargeId: z.string().min(1).max(64),
  bookingId: Id,
  amountCents: z.number().int().nonnegative(),
});
export type PaymentSucceeded = z.infer<typeof PaymentSucceeded>;

export function signPayload(secret: string, rawBody: string, t: number): string {
  const mac = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** True when `header` is a fresh, valid signature of `rawBody` (constant-time comparison). */
export function verifySignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  nowS = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(',').map((p) => p.split('=', 2) as [string, string]),
  );
  const t = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(t) || !given || Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S) return false;
  const expected = signPayload(secret, rawBody, t).split('v1=')[1]!;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
