import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { chooseSection, parseSeatId } from '@booking/domain';
import type {
  BookingStatus,
  BookingView,
  CreateBookingBody,
  SeatStatus,
  TicketView,
} from '@shared/contracts';
import { requestHash, type Logger } from '@shared/util';
import { BookingErrors } from '../booking.errors';
import type { CatalogRepository } from '../catalog/catalog.repository';
import type { StatusChange } from '../outbox/outbox';
import type { PaymentProvider } from '../payments/payment-provider';
import type { BookingKeys } from '../redis-keys';
import type { BookingRecord, BookingRepository } from './booking.repository';

/** The buyer's use cases, between the routes (HTTP) and the repository (PostgreSQL). */
export interface BookingServiceDeps {
  bookings: BookingRepository;
  catalog: CatalogRepository;
  payments: PaymentProvider;
  redis: Redis;
  keys: BookingKeys;
  maxSeats: number;
  logger: Logger;
  /** After a commit: wake the outbox relay, publish to the live feed. */
  afterCommit: (changes: StatusChange[]) => Promise<void>;
  kickOutbox: () => void;
}

export function createBookingService(deps: BookingServiceDeps) {
  const log = deps.logger.child({ component: 'booking-service' });

  async function own(id: string, buyerId: string): Promise<BookingRecord> {
    const booking = await deps.bookings.findOwn(id, buyerId);
    if (!booking) throw BookingErrors.notFound(`no booking ${id}`);
    return booking;
  }

  return {
    async create(buyerId: string, idempotencyKey: string, body: CreateBookingBody) {
      const event = await deps.catalog.find(body.eventId);
      if (!event) throw BookingErrors.eventUnknown(`no published event ${body.eventId}`);
      if (event.startsAt.getTime() <= Date.now()) {
        throw BookingErrors.eventPast(
          `event ${body.eventId} started at ${event.startsAt.toISOString()}; it is no longer on sale`,
        );
      }
      const choice = chooseSection(body, event.sections, deps.maxSeats);
      if (!choice.ok) throw BookingErrors.requestInvalid(choice.code, choice.message);
      const outcome = await deps.bookings.create({
        buyerId,
        idempotencyKey,
        requestHash: requestHash(body),
        body,
        section: choice.section,
      });
      if (outcome.kind === 'conflict') {
        throw BookingErrors.idempotencyConflict(
          'this Idempotency-Key was used with a different request; use a new key',
        );
      }
      if (outcome.kind === 'created') deps.kickOutbox();
      return outcome.booking;
    },

    get: own,
    /** The buyer's history, newest first; only bookings in `statuses` when given. */
    list: (buyerId: string, statuses?: readonly BookingStatus[]) =>
      deps.bookings.listOwn(buyerId, statuses ? { statuses } : {}),

    /**
     * Cancels a booking that is not PAID yet (PROCESSING or PENDING_PAYMENT): CANCELLED at once,
     * with a ReleaseSeats for its section either way. For a PROCESSING booking the Release
     * reaches the section after the Reserve (same partition, outbox order), so the section
     * gives back what it held, or, if it never held anything, remembers the booking as ended and
     * refuses a Reserve repeated later; a SeatsReserved reported afterwards is released by the
     * results consumer (stray-holds.ts), since a CANCELLED booking holds no seats.
     */
    async cancel(id: string, buyerId: string): Promise<BookingRecord> {
      const booking = await own(id, buyerId);
      if (booking.status === 'CANCELLED') return booking;
      const change = await deps.bookings.transitionOne({
        id,
        buyerId,
        to: 'CANCELLED',
        actor: buyerId,
        reason: 'cancelled by buyer',
        command: 'CANCELLED',
      });
      if (!change) {
        const now = await own(id, buyerId);
        if (now.status === 'CANCELLED') return now;
        throw BookingErrors.notCancellable(`a ${now.status} booking cannot be cancelled`);
      }
      await deps.redis.del(deps.keys.hold(id));
      await deps.afterCommit([change]);
      return own(id, buyerId);
    },

    /**
     * Charges once per booking (the provider's idempotency key is the booking id), then moves
     * PENDING_PAYMENT -> PAID only while the hold is alive. A charge that loses the race against
     * the sweeper is refunded and answered 409 BOOKING_EXPIRED.
     */
    async pay(id: string, buyerId: string, cardNumber: string): Promise<BookingRecord> {
      const booking = await own(id, buyerId);
      if (booking.status === 'PAID') return booking;
      if (booking.status === 'EXPIRED') throw BookingErrors.expired('the payment window has ended');
      if (booking.status !== 'PENDING_PAYMENT') {
        throw BookingErrors.notPayable(`a ${booking.status} booking cannot be paid`);
      }
      // Fast check in Redis first; PostgreSQL's expires_at decides in the guarded update below.
      const alive = await deps.redis.exists(deps.keys.hold(id));
      if (!alive && (!booking.expiresAt || booking.expiresAt <= new Date())) {
        throw BookingErrors.expired('the payment window has ended');
      }
      const charge = await deps.payments.charge({
        idempotencyKey: id,
        amountCents: booking.totalCents,
        cardNumber,
      });
      if (charge.status === 'declined') {
        throw BookingErrors.paymentDeclined(`payment declined: ${charge.reason}`);
      }
      const change = await deps.bookings.transitionOne({
        id,
        buyerId,
        to: 'PAID',
        actor: buyerId,
        requireAlive: new Date(),
        command: 'FinalizeSeats',
      });
      if (!change) {
        const now = await own(id, buyerId);
        if (now.status === 'PAID') return now;
        log.info({ bookingId: id }, 'payment arrived after the hold ended; refunding');
        await deps.payments.refund(charge.chargeId);
        throw BookingErrors.expired('the payment window has ended');
      }
      await deps.redis.del(deps.keys.hold(id));
      await deps.afterCommit([change]);
      return own(id, buyerId);
    },

    /**
     * The provider's signed confirmation of a charge (it may arrive twice, or after the
     * synchronous answer of `pay`): PAID once, every repeat a no-op. A charge for a booking that
     * can no longer be paid (expired meanwhile) is refunded. Returns what happened.
     */
    async confirmPayment(
      bookingId: string,
      chargeId: string,
    ): Promise<'paid' | 'duplicate' | 'refunded' | 'unknown'> {
      const change = await deps.bookings.transitionOne({
        id: bookingId,
        to: 'PAID',
        actor: 'payment-webhook',
        requireAlive: new Date(),
        command: 'FinalizeSeats',
      });
      if (change) {
        await deps.redis.del(deps.keys.hold(bookingId));
        await deps.afterCommit([change]);
        return 'paid';
      }
      const status = await deps.bookings.statusOf(bookingId);
      if (status === undefined) return 'unknown';
      if (status === 'PAID') return 'duplicate';
      log.info(
        { bookingId, status },
        'charge confirmed for a booking that cannot be paid; refunding',
      );
      await deps.payments.refund(chargeId);
      return 'refunded';
    },
  };
}
export type BookingService = ReturnType<typeof createBookingService>;

const TICKET_STATUS: Record<BookingStatus, SeatStatus> = {
  PROCESSING: 'AVAILABLE',
  PENDING_PAYMENT: 'RESERVED',
  PAID: 'SOLD',
  FAILED: 'AVAILABLE',
  EXPIRED: 'AVAILABLE',
  CANCELLED: 'AVAILABLE',
};

/** The HTTP view of a booking; tickets only when asked (history). */
export function toView(b: BookingRecord, withTickets = false): BookingView {
  return {
    id: b.id,
    eventId: b.eventId,
    status: b.status,
    seats: b.seats.map((s) => s.seatId),
    totalCents: b.totalCents,
    expiresAt: b.expiresAt?.toISOString() ?? null,
    reason: b.reason,
    createdAt: b.createdAt.toISOString(),
    ...(withTickets ? { tickets: b.seats.map((s) => ticketOf(b, s)) } : {}),
  };
}

function ticketOf(b: BookingRecord, s: { seatId: string; priceCents: number }): TicketView {
  const seat = parseSeatId(s.seatId);
  return {
    // Stable and within Id's 64 characters whatever the seat id's length.
    id: createHash('sha256').update(`${b.id}/${s.seatId}`).digest('hex').slice(0, 32),
    seat: s.seatId,
    section: seat.section,
    row: seat.row,
    number: seat.number,
    priceCents: s.priceCents,
    status: TICKET_STATUS[b.status],
  };
}
