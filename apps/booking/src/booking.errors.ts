import { defineError } from '@shared/util';

/** Booking's error catalogue; the shared handler maps each to {error: {code, message}}. */
export const BookingErrors = {
  idempotencyKeyMissing: defineError('BOOKING_IDEMPOTENCY_KEY_REQUIRED', 400),
  idempotencyConflict: defineError('BOOKING_IDEMPOTENCY_CONFLICT', 409),
  eventUnknown: defineError('BOOKING_EVENT_UNKNOWN', 400),
  /** The event has started (or is over): nothing of it is on sale any more. */
  eventPast: defineError('BOOKING_EVENT_PAST', 409),
  requestInvalid: (code: string, message: string) => defineError(code, 400)(message),
  notFound: defineError('BOOKING_NOT_FOUND', 404),
  expired: defineError('BOOKING_EXPIRED', 409),
  notPayable: defineError('BOOKING_NOT_PAYABLE', 409),
  notCancellable: defineError('BOOKING_NOT_CANCELLABLE', 409),
  paymentDeclined: defineError('BOOKING_PAYMENT_DECLINED', 402),
  webhookSignature: defineError('BOOKING_WEBHOOK_SIGNATURE_INVALID', 401),
};
