import { z } from 'zod';
import {
  BookingStatus,
  Cents,
  FocalPoint,
  Id,
  IsoDateTime,
  MAX_ROWS_PER_SECTION,
  MAX_SEATS_PER_BOOKING,
  MAX_SECTIONS_PER_EVENT,
  Role,
  Row,
  SeatId,
  SeatName,
  SeatStatus,
} from './primitives';

/**
 * HTTP request and response bodies of DESIGN.md's API. Requests are strict objects: an unknown
 * field is a 400, not silently dropped. Every array and string is bounded.
 */

/** Every error response: {error: {code, message}}; code is a stable SCREAMING_SNAKE name. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// --- accounts ---------------------------------------------------------------------------
export const RegisterBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(8).max(200),
  role: Role,
  name: z.string().min(1).max(100),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const UserView = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
});
export type UserView = z.infer<typeof UserView>;

export const TokenBody = z.strictObject({ token: z.string(), user: UserView });
export type TokenBody = z.infer<typeof TokenBody>;

// --- events -----------------------------------------------------------------------------
export const SectionInput = z.strictObject({
  name: SeatName,
  price: Cents,
  category: SeatName.optional(),
  focal: FocalPoint.optional(),
  rows: z.array(Row).min(1).max(MAX_ROWS_PER_SECTION),
});
export type SectionInput = z.infer<typeof SectionInput>;

export const CreateEventBody = z.strictObject({
  name: z.string().min(1).max(200),
  venue: z.string().min(1).max(200),
  startsAt: IsoDateTime,
  sections: z.array(SectionInput).min(1).max(MAX_SECTIONS_PER_EVENT),
});
export type CreateEventBody = z.infer<typeof CreateEventBody>;

/**
 * Which events a listing shows by when they start: `upcoming` (the default: what buyers can
 * still book), `past` (on request, most recent first) or `all`.
 */
export const EventsWhen = z.enum(['upcoming', 'past', 'all']);
export type EventsWhen = z.infer<typeof EventsWhen>;

export const ListEventsQuery = z.strictObject({
  when: EventsWhen.default('upcoming'),
  q: z.string().max(100).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

export const SectionAvailability = z.strictObject({
  name: SeatName,
  price: z.number().int(),
  category: SeatName.optional(),
  capacity: z.number().int(),
  available: z.number().int(),
  reserved: z.number().int(),
  sold: z.number().int(),
  seq: z.number().int(),
});
export type SectionAvailability = z.infer<typeof SectionAvailability>;

export const SeatView = z.strictObject({ seat: SeatId, status: SeatStatus });
export type SeatView = z.infer<typeof SeatView>;

// --- bookings ---------------------------------------------------------------------------
export const CreateBookingBody = z.discriminatedUnion('mode', [
  z.strictObject({
    eventId: Id,
    mode: z.literal('best-available'),
    section: SeatName.optional(),
    category: SeatName.optional(),
    quantity: z.number().int().min(1).max(MAX_SEATS_PER_BOOKING),
  }),
  z.strictObject({
    eventId: Id,
    mode: z.literal('manual'),
    seats: z.array(SeatId).min(1).max(MAX_SEATS_PER_BOOKING),
  }),
]);
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/);

export const BookingAccepted = z.strictObject({ id: Id, status: z.literal('PROCESSING') });
export type BookingAccepted = z.infer<typeof BookingAccepted>;

export const TicketView = z.strictObject({
  id: Id,
  seat: SeatId,
  section: SeatName,
  row: z.string(),
  number: z.number().int(),
  priceCents: z.number().int(),
  status: SeatStatus,
});
export type TicketView = z.infer<typeof TicketView>;

export const BookingView = z.strictObject({
  id: Id,
  eventId: Id,
  status: BookingStatus,
  seats: z.array(SeatId),
  totalCents: z.number().int(),
  expiresAt: IsoDateTime.nullable(),
  reason: z.string().nullable(),
  createdAt: IsoDateTime,
  tickets: z.array(TicketView).optional(),
});
export type BookingView = z.infer<typeof BookingView>;

export const PayBody = z.strictObject({
  /** Simulated card; the simulated provider declines "4000000000000002". */
  cardNumber: z.string().regex(/^[0-9]{12,19}$/),
});
export type PayBody = z.infer<typeof PayBody>;
