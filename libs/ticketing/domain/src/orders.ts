import type { BookingStatus, BookingStatusChanged } from '@shared/contracts';

/**
 * The seller's order list is a projection of booking.events: event-ticketing never reads
 * booking's database. Each BookingStatusChanged becomes one OrderChange; the repository keeps
 * the newest per booking (`supersedesOrder`), so a re-delivered or late record never moves an
 * order back.
 */
export interface OrderChange {
  bookingId: string;
  eventId: string;
  section: string;
  status: BookingStatus;
  seats: string[];
  /** Amount of the booking, in cents. */
  totalCents: number;
  /** When the buyer booked; the change's own time for records that do not carry it. */
  bookedAt: Date;
  /** When the booking took `status`. */
  at: Date;
  expiresAt: Date | null;
  buyerId: string | null;
}

export function orderChangeOf(change: BookingStatusChanged): OrderChange {
  const at = new Date(change.at);
  return {
    bookingId: change.bookingId,
    eventId: change.eventId,
    section: change.section,
    status: change.status,
    seats: change.seats,
    totalCents: change.totalCents,
    bookedAt: change.createdAt ? new Date(change.createdAt) : at,
    at,
    expiresAt: change.expiresAt ? new Date(change.expiresAt) : null,
    buyerId: change.buyerId ?? null,
  };
}

/**
 * How far along its life a status is: a booking only moves forward (PROCESSING, then a hold,
 * then an end), so an order never takes a status of a lower rank than the one it has. The
 * repository's upsert runs the same rule in SQL (ORDER_RANK_SQL).
 */
export function orderRank(status: BookingStatus): number {
  switch (status) {
    case 'PROCESSING':
      return 0;
    case 'PENDING_PAYMENT':
      return 1;
    default:
      return 2;
  }
}

/**
 * Whether `next` may replace an order whose last change was `stored`: a later rank, or the same
 * rank at a later time (two ends cannot both happen: the first one stored stays).
 */
export function supersedesOrder(
  stored: Pick<OrderChange, 'status' | 'at'>,
  next: Pick<OrderChange, 'status' | 'at'>,
): boolean {
  const [a, b] = [orderRank(stored.status), orderRank(next.status)];
  if (b !== a) return b > a;
  return b < 2 && next.at.getTime() > stored.at.getTime();
}

/** Collapses a batch to the newest change per booking, so one upsert may touch each row once. */
export function latestPerOrder(changes: readonly OrderChange[]): OrderChange[] {
  const latest = new Map<string, OrderChange>();
  for (const c of changes) {
    const prev = latest.get(c.bookingId);
    if (!prev) latest.set(c.bookingId, c);
    else if (supersedesOrder(prev, c))
      latest.set(c.bookingId, {
        ...c,
        // What a later record may lack, the earlier one told.
        seats: c.seats.length > 0 ? c.seats : prev.seats,
        totalCents: c.totalCents > 0 ? c.totalCents : prev.totalCents,
        buyerId: c.buyerId ?? prev.buyerId,
        expiresAt: c.expiresAt ?? prev.expiresAt,
        bookedAt: c.bookedAt < prev.bookedAt ? c.bookedAt : prev.bookedAt,
      });
  }
  return [...latest.values()];
}
