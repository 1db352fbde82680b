// The benchmark workload: a 50,000-seat event in 20 sections taken from empty to sold out by a
// realistic on-sale mix. The generator runs the engine itself (so manual picks can aim at seats
// that look free on the buyer's map and releases target real holds) and records the commands;
// the benchmark then replays that exact list on fresh sections. Seeded: same seed, same list.
import { seededRandom } from '@shared/util';
import { execute, type SeatCommand, type SectionLayout, type SectionState } from '../src';

export const SECTIONS = 20;
export const SEATS_PER_SECTION = 2_500;
/** Section shapes (rows x seats per row), 2,500 seats each: wide, square, deep. */
const SHAPES: Array<[number, number]> = [
  [25, 100],
  [50, 50],
  [100, 25],
];
/** Best-available quantities 1..6, weighted like real baskets (pairs dominate). */
const HEX = '0123456789abcdef';
const QUANTITY_WEIGHTS = [0.15, 0.38, 0.14, 0.2, 0.05, 0.08];

export interface Workload {
  layouts: SectionLayout[];
  /** The on-sale mix: best-available, manual and release commands, in order. */
  mix: SeatCommand[];
  /** Finalize of every hold left at the end (checkout), after the mix. */
  checkout: SeatCommand[];
}

/** A random v4-shaped UUID as a flat string, like one parsed from JSON (not a rope of slices). */
function uuidOf(rng: () => number): string {
  const codes: number[] = [];
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) codes.push(45);
    else codes.push(HEX.charCodeAt(i === 14 ? 4 : Math.floor(rng() * 16)));
  }
  return String.fromCharCode(...codes);
}

export function layoutsOf(eventId: string): SectionLayout[] {
  return Array.from({ length: SECTIONS }, (_, s) => {
    const [rows, seats] = SHAPES[s % SHAPES.length]!;
    const section = `S${String(s + 1).padStart(2, '0')}`;
    return {
      eventId,
      section,
      rows: Array.from({ length: rows }, (_, r) => ({ label: `R${r + 1}`, seats })),
    };
  });
}

export function generateWorkload(seed: number): Workload {
  const rng = seededRandom(seed);
  const eventId = uuidOf(rng);
  const layouts = layoutsOf(eventId);
  const states: SectionState[] = layouts.map(
    (layout) => execute(undefined, { type: 'InitSection', layout }).state!,
  );
  // Hot-section skew: Zipf weights, section k gets 1/(k+1) of the traffic share.
  const weights = layouts.map((_, k) => 1 / (k + 1));
  const held: string[][] = layouts.map(() => []);
  const recent: string[][] = layouts.map(() => []);
  const capacity = SECTIONS * SEATS_PER_SECTION;
  let available = capacity;
  const mix: SeatCommand[] = [];

  const pickSection = (): number => {
    let total = 0;
    for (let k = 0; k < SECTIONS; k++) if (states[k]!.available > 0) total += weights[k]!;
    let x = rng() * total;
    for (let k = 0; k < SECTIONS; k++) {
      if (states[k]!.available === 0) continue;
      x -= weights[k]!;
      if (x <= 0) return k;
    }
    return states.findIndex((s) => s.available > 0);
  };

  while (available > 0 && mix.length < 1_000_000) {
    const k = pickSection();
    const state = states[k]!;
    const address = { eventId, section: state.section };
    // 10% releases (expired or cancelled holds), fading out over the last 20% of the seats so
    // the sale ends; a release with nothing to release becomes a best-available request.
    const fade = Math.min(1, available / capacity / 0.2);
    const r = rng();
    let command: SeatCommand;
    if (r < 0.1 && held[k]!.length > 0 && rng() < fade) {
      const list = held[k]!;
      const i = Math.floor(rng() * list.length);
      const bookingId = list[i]!;
      list[i] = list[list.length - 1]!;
      list.pop();
      command = { type: 'Release', ...address, bookingId };
    } else if (r >= 0.1 && r < 0.3) {
      const seats = pickSeats(state, recent[k]!, rng);
      command = { type: 'ReserveManual', ...address, bookingId: uuidOf(rng), seats };
    } else {
      let q = 0;
      for (let x = rng(); q < QUANTITY_WEIGHTS.length - 1 && x > QUANTITY_WEIGHTS[q]!; q++) {
        x -= QUANTITY_WEIGHTS[q]!;
      }
      const quantity = q + 1;
      command = { type: 'ReserveBestAvailable', ...address, bookingId: uuidOf(rng), quantity };
    }
    const before = state.available;
    const { outcome } = execute(state, command).decision;
    available += state.available - before;
    if (outcome.kind === 'SeatsReserved') {
      held[k]!.push(outcome.bookingId);
      recent[k] = outcome.seats;
    }
    mix.push(command);
  }
  const checkout: SeatCommand[] = [];
  held.forEach((list, k) => {
    for (const bookingId of list) {
      checkout.push({ type: 'Finalize', eventId, section: layouts[k]!.section, bookingId });
    }
  });
  return { layouts, mix, checkout };
}

/**
 * A manual pick of 1-4 seats in a row: a quarter of the time the seats someone just got (a
 * collision, as when two buyers click the same seats), otherwise a run starting at a seat that
 * is free on the map (its neighbours may not be: some of those collide too).
 */
function pickSeats(state: SectionState, recent: string[], rng: () => number): string[] {
  if (recent.length > 0 && rng() < 0.25) return recent.slice(0, 4);
  const count = 1 + Math.floor(rng() * 4);
  let index = Math.floor(rng() * state.capacity);
  for (let tries = 0; tries < state.capacity && state.status[index] !== 0; tries++) {
    index = (index + 1) % state.capacity;
  }
  const row = state.rowOf(index);
  const end = state.rowStart[row + 1]!;
  const seats: string[] = [];
  for (let i = index; i < end && seats.length < count; i++) seats.push(state.seatId(i));
  return seats;
}
