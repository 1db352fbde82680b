/**
 * Booking's Redis keys, built here only. `hold` lives exactly as long as the payment window
 * (PX = PAYMENT_WINDOW_MS): its presence answers "is this hold alive" without PostgreSQL.
 * PostgreSQL's expires_at stays the durable truth (the sweeper reads it, so a Redis flush
 * loses no expiry).
 */
export const bookingKeys = (prefix: string) => ({
  hold: (bookingId: string) => `${prefix}booking:hold:${bookingId}`,
  rateLimit: () => `${prefix}booking:rate:`,
});
export type BookingKeys = ReturnType<typeof bookingKeys>;
