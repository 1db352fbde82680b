import { z } from 'zod';
import {
  Cents,
  FocalPoint,
  Id,
  MAX_ROWS_PER_SECTION,
  MAX_SEATS_PER_BOOKING,
  ReleaseReason,
  Row,
  SeatId,
  SeatName,
} from './primitives';

/**
 * Commands on the one seat command topic. Every command of a section travels in one
 * partition, so InitSection, Reserve, Release and Finalize of a section are applied in order.
 * Producers set the partition from the event's stored section assignment.
 */

const SectionAddress = {
  v: z.literal(1),
  eventId: Id,
  section: SeatName,
};

export const InitSection = z.strictObject({
  type: z.literal('InitSection'),
  ...SectionAddress,
  rows: z.array(Row).min(1).max(MAX_ROWS_PER_SECTION),
  focal: FocalPoint.optional(),
  priceCents: Cents,
  category: SeatName.optional(),
});
export type InitSection = z.infer<typeof InitSection>;

export const ReserveSeats = z.strictObject({
  type: z.literal('ReserveSeats'),
  ...SectionAddress,
  bookingId: Id,
  /** best-available: `quantity` seats chosen by the engine; manual: exactly `seats`. */
  mode: z.enum(['best-available', 'manual']),
  quantity: z.number().int().min(1).max(MAX_SEATS_PER_BOOKING).optional(),
  seats: z.array(SeatId).min(1).max(MAX_SEATS_PER_BOOKING).optional(),
  partial: z.boolean().optional(),
});
export type ReserveSeats = z.infer<typeof ReserveSeats>;

export const ReleaseSeats = z.strictObject({
  type: z.literal('ReleaseSeats'),
  ...SectionAddress,
  bookingId: Id,
  reason: ReleaseReason,
});
export type ReleaseSeats = z.infer<typeof ReleaseSeats>;

export const FinalizeSeats = z.strictObject({
  type: z.literal('FinalizeSeats'),
  ...SectionAddress,
  bookingId: Id,
});
export type FinalizeSeats = z.infer<typeof FinalizeSeats>;

export const SeatCommand = z.discriminatedUnion('type', [
  InitSection,
  ReserveSeats,
  ReleaseSeats,
  FinalizeSeats,
]);
export type SeatCommand = z.infer<typeof SeatCommand>;
