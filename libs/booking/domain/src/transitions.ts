import type { BookingStatus } from '@shared/contracts';

/**
 * The booking state machine. Every writer (HTTP routes, the results consumer, the sweeper)
 * asks this table before it moves a booking, so a late or duplicated message can never move
 * PAID back, revive an EXPIRED booking or re-fail a FAILED one: terminal states have no exits.
 */
export const TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  // A buyer may cancel before the seat result comes (issue 22): the seats the result may still
  // report are then released by the stray-hold compensation of booking's results consumer.
  PROCESSING: ['PENDING_PAYMENT', 'FAILED', 'CANCELLED'],
  PENDING_PAYMENT: ['PAID', 'EXPIRED', 'CANCELLED'],
  PAID: [],
  FAILED: [],
  EXPIRED: [],
  CANCELLED: [],
};

/** True when `from -> to` is a legal move (a move to the same status is not: it is a duplicate). */
export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which a move to `to` is legal; repositories put this in their WHERE clause. */
export function sourcesOf(to: BookingStatus): BookingStatus[] {
  return (Object.keys(TRANSITIONS) as BookingStatus[]).filter((from) => canTransition(from, to));
}

export function isTerminal(status: BookingStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
