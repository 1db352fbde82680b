import type { SeatResult, SeatStatus } from '@shared/contracts';

/**
 * How seat results move tickets. A result carries its section's availability sequence `seq`;
 * a ticket stores the seq of the last change applied to it and takes a change only when the
 * change's seq is greater (the optimistic-concurrency rule of seed 004). So a duplicated or
 * late (reordered) message never undoes a newer state: the guard runs in the UPDATE itself.
 */
export interface SeatChange {
  eventId: string;
  seatId: string;
  status: SeatStatus;
  /** The holder while RESERVED or SOLD; null once the seat is back on sale. */
  bookingId: string | null;
  seq: number;
  /** When the change happened (ms since epoch; the Kafka record timestamp). */
  at: number;
}

/** The seat changes one result implies; a rejection changes no ticket. */
export function seatChangesOf(result: SeatResult, at: number): SeatChange[] {
  const to = (status: SeatStatus, bookingId: string | null, seq: number) =>
    result.seats?.map((seat) => ({
      eventId: result.eventId,
      seatId: seat,
      status,
      bookingId,
      seq,
      at,
    })) ?? [];
  switch (result.type) {
    case 'SeatsReserved':
      return to('RESERVED', result.bookingId, result.seq);
    case 'SeatsReleased':
      return to('AVAILABLE', null, result.seq);
    case 'SeatsFinalized':
      return to('SOLD', result.bookingId, result.seq);
    case 'ReservationRejected':
      return [];
  }
}

/** Whether a change may overwrite a ticket whose last applied change had `storedSeq`. */
export function supersedes(storedSeq: number, change: Pick<SeatChange, 'seq'>): boolean {
  return change.seq > storedSeq;
}

/**
 * Collapses a batch to the newest change per seat, so one bulk UPDATE can apply it (an UPDATE
 * may touch a row once). The database still applies the `supersedes` guard against the row.
 */
export function latestPerSeat(changes: readonly SeatChange[]): SeatChange[] {
  const latest = new Map<string, SeatChange>();
  for (const c of changes) {
    const key = `${c.eventId}\u0000${c.seatId}`;
    const prev = latest.get(key);
    if (!prev || supersedes(prev.seq, c)) latest.set(key, c);
  }
  return [...latest.values()];
}
