// Manual (click-to-pick) selection: the buyer names the seats. Every seat must exist in this
// section; unknown seats always reject the command (SEAT_UNKNOWN), also with partial: true,
// because they are a client bug rather than a race. Taken seats reject it (SEATS_UNAVAILABLE,
// naming them) unless partial: true, which takes the seats that are still AVAILABLE.
import { parseSeatId } from './seat-id';
import { AVAILABLE, type SectionState } from './section-state';
import type { RejectionCode } from './seat.errors';

export type ManualSelection =
  | { ok: true; seatIndexes: number[] }
  | { ok: false; code: RejectionCode; seats: string[]; detail: string };

/** Flat index of a seat id in this section, or -1 when no such seat exists here. */
export function seatIndexOf(state: SectionState, seatId: string): number {
  const parts = parseSeatId(seatId);
  if (!parts || parts.section !== state.section) return -1;
  const row = state.rowIndex.get(parts.row);
  if (row === undefined || parts.seat > state.rowSeats(row)) return -1;
  return state.rowStart[row]! + parts.seat - 1;
}

/** Resolves and checks the requested seats; the result's indexes are ascending and distinct. */
export function chooseManual(
  state: SectionState,
  seatIds: readonly string[],
  partial: boolean,
): ManualSelection {
  const unknown: string[] = [];
  const taken: string[] = [];
  const chosen: number[] = [];
  const takenIndexes: number[] = [];
  for (const id of seatIds) {
    const index = typeof id === 'string' ? seatIndexOf(state, id) : -1;
    if (index === -1) {
      unknown.push(String(id));
      continue;
    }
    // Requests hold <= maxQuantity seats: a linear duplicate check beats allocating a Set.
    if (chosen.includes(index) || takenIndexes.includes(index)) continue;
    if (state.status[index] === AVAILABLE) chosen.push(index);
    else {
      taken.push(id);
      takenIndexes.push(index);
    }
  }
  if (unknown.length > 0) {
    return { ok: false, code: 'SEAT_UNKNOWN', seats: unknown, detail: unknown.join(', ') };
  }
  if (taken.length > 0 && (!partial || chosen.length === 0)) {
    return { ok: false, code: 'SEATS_UNAVAILABLE', seats: taken, detail: taken.join(', ') };
  }
  return { ok: true, seatIndexes: chosen.sort((x, y) => x - y) };
}
