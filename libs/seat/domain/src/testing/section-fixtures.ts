// Helpers for the specs of this library (not exported from index.ts): build sections from a
// compact row description and run commands with little ceremony.
import { execute } from '../execute';
import { rowStatuses } from '../queries';
import type { SectionState } from '../section-state';
import type { Decision, SeatCommand, SeatOptions, SectionLayout } from '../seat.types';

export const EVENT = 'E1';
export const SECTION = 'A';

/** A layout with rows labelled R1, R2, ... of the given seat counts. */
export function layoutOf(
  seatsPerRow: number[],
  focal?: SectionLayout['focal'],
  section = SECTION,
): SectionLayout {
  const rows = seatsPerRow.map((seats, i) => ({ label: `R${i + 1}`, seats }));
  return { eventId: EVENT, section, rows, ...(focal ? { focal } : {}) };
}

/** A section created through InitSection. */
export function sectionOf(seatsPerRow: number[], focal?: SectionLayout['focal']): SectionState {
  const { state } = execute(undefined, {
    type: 'InitSection',
    layout: layoutOf(seatsPerRow, focal),
  });
  if (!state) throw new Error('fixture layout rejected');
  return state;
}

export const best = (bookingId: string, quantity: number, partial?: boolean): SeatCommand => ({
  type: 'ReserveBestAvailable',
  eventId: EVENT,
  section: SECTION,
  bookingId,
  quantity,
  ...(partial === undefined ? {} : { partial }),
});

export const manual = (bookingId: string, seats: string[], partial?: boolean): SeatCommand => ({
  type: 'ReserveManual',
  eventId: EVENT,
  section: SECTION,
  bookingId,
  seats,
  ...(partial === undefined ? {} : { partial }),
});

export const release = (bookingId: string): SeatCommand => ({
  type: 'Release',
  eventId: EVENT,
  section: SECTION,
  bookingId,
});

export const finalize = (bookingId: string): SeatCommand => ({
  type: 'Finalize',
  eventId: EVENT,
  section: SECTION,
  bookingId,
});

/** Runs a command on a known section and returns its decision (the state changes in place). */
export function run(state: SectionState, command: SeatCommand, options?: SeatOptions): Decision {
  const result = execute(state, command, options);
  if (result.state !== state) throw new Error('command replaced the section object');
  return result.decision;
}

/** Rows as strings of A/R/S, front row first: a picture of the section for assertions. */
export function picture(state: SectionState): string[] {
  return rowStatuses(state).map((r) => r.statuses);
}

/** Seat ids of row label/seat numbers in section A, e.g. seats('R1', 3, 4) -> [A-R1-3, A-R1-4]. */
export function seats(row: string, ...numbers: number[]): string[] {
  return numbers.map((n) => `${SECTION}-${row}-${n}`);
}
