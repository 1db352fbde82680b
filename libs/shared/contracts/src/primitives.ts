import { z } from 'zod';

/**
 * Building blocks shared by every message and HTTP body. Bounds live here so that a
 * section name that would break a seat id, or an oversized request, is refused at the edge.
 */

/** Separator inside seat ids ("<section>-<row>-<seat>"); names may therefore never contain it. */
export const SEAT_ID_SEPARATOR = '-';

/** Seats one booking may hold; the booking app may lower it through config, never raise it. */
export const MAX_SEATS_PER_BOOKING = 10;
/** Largest event the platform accepts (seats across all sections). */
export const MAX_SEATS_PER_EVENT = 100_000;
/**
 * Largest section (seats). A section is one unit of seat state: its snapshot is one changelog
 * record, which must stay under the broker's 1 MiB record limit even sold out in one-seat
 * bookings with 64-character booking ids (~70 bytes a seat: ~720 KB at this bound). Larger
 * venues split into more sections, which also spreads them over more partitions.
 */
export const MAX_SEATS_PER_SECTION = 10_000;
export const MAX_SECTIONS_PER_EVENT = 200;
/**
 * Rows across an event's sections. The event's catalog record carries its whole layout and must
 * stay under the broker's 1 MiB record limit (a row costs up to ~60 bytes of JSON there); an
 * unbounded count made the largest accepted layouts unpublishable.
 */
export const MAX_ROWS_PER_EVENT = 10_000;
export const MAX_ROWS_PER_SECTION = 500;
export const MAX_SEATS_PER_ROW = 500;

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'letters, digits, _ : . - only');

/** A section name or row label: it becomes part of seat ids, so no separator and no spaces. */
export const SeatName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only (no "-", it separates seat id parts)');

export const SeatIdPattern = /^[A-Za-z0-9_]{1,32}-[A-Za-z0-9_]{1,32}-[1-9][0-9]{0,3}$/;
export const SeatId = z
  .string()
  .regex(SeatIdPattern, 'seat ids look like "<section>-<row>-<seat>", e.g. "A-3-12"');

/** Money is integer cents, never floats. */
export const Cents = z.number().int().positive().max(100_000_000);

export const IsoDateTime = z.iso.datetime({ offset: true });

export const Row = z.strictObject({
  label: SeatName,
  seats: z.number().int().min(1).max(MAX_SEATS_PER_ROW),
});
export type Row = z.infer<typeof Row>;

/** Where the stage is, for best-available: 0-based row index and 1-based seat number. */
export const FocalPoint = z.strictObject({
  row: z
    .number()
    .int()
    .min(0)
    .max(MAX_ROWS_PER_SECTION - 1),
  seat: z.number().int().min(1).max(MAX_SEATS_PER_ROW),
});
export type FocalPoint = z.infer<typeof FocalPoint>;

export const SeatStatus = z.enum(['AVAILABLE', 'RESERVED', 'SOLD']);
export type SeatStatus = z.infer<typeof SeatStatus>;

export const BookingStatus = z.enum([
  'PROCESSING',
  'PENDING_PAYMENT',
  'PAID',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
]);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const Role = z.enum(['buyer', 'seller']);
export type Role = z.infer<typeof Role>;

/** Codes with which seat-reservation rejects a reservation (a domain outcome, not a fault). */
export const RejectionCode = z.enum([
  'SECTION_UNKNOWN',
  'SEAT_UNKNOWN',
  'SEATS_UNAVAILABLE',
  'SOLD_OUT',
  'QUANTITY_INVALID',
  'LAYOUT_CONFLICT',
  'LAYOUT_INVALID',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

/** Why held seats go back on sale. */
export const ReleaseReason = z.enum(['EXPIRED', 'CANCELLED', 'FAILED']);
export type ReleaseReason = z.infer<typeof ReleaseReason>;
