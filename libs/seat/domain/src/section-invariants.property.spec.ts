// Property tests over random layouts and random command sequences. Each property recomputes its
// expectation from public views (seatStatuses, bookingSeats), not from the counters it checks.
import fc from 'fast-check';
import { decide } from './decide';
import { execute } from './execute';
import {
  bookingIds,
  bookingSeats,
  rowStatuses,
  seatStatuses,
  sectionCounts,
  sectionsEqual,
} from './queries';
import { parseSeatId } from './seat-id';
import type { SectionState } from './section-state';
import type { Decision, SeatCommand, SectionLayout } from './seat.types';
import { decodeSection, encodeSection } from './snapshot';
import { commandsArb, layoutArb } from './testing/command-arbitraries';

const RUNS = { numRuns: 300 };

function init(layout: SectionLayout): SectionState {
  const { state } = execute(undefined, { type: 'InitSection', layout });
  if (!state) throw new Error('generated layout rejected');
  return state;
}

function runAll(layout: SectionLayout, commands: SeatCommand[]) {
  const state = init(layout);
  const decisions: Decision[] = commands.map((c) => execute(state, c).decision);
  return { state, decisions };
}

/** Recomputes every invariant of a section from its public views. */
function checkInvariants(state: SectionState): void {
  const statuses = seatStatuses(state);
  const counts = sectionCounts(state);
  const tally = { AVAILABLE: 0, RESERVED: 0, SOLD: 0 };
  for (const s of statuses) tally[s.status]++;
  expect(statuses).toHaveLength(counts.capacity);
  expect(counts.available + counts.reserved + counts.sold).toBe(counts.capacity);
  expect(tally).toEqual({
    AVAILABLE: counts.available,
    RESERVED: counts.reserved,
    SOLD: counts.sold,
  });
  // No seat owned by two bookings; held seats are exactly the bookings' seats.
  const byId = new Map(statuses.map((s) => [s.seat, s.status]));
  const owned = new Set<string>();
  for (const id of bookingIds(state)) {
    const seats = bookingSeats(state, id);
    expect(seats.length).toBeGreaterThan(0);
    const kinds = new Set(seats.map((seat) => byId.get(seat)));
    expect(kinds.size).toBe(1); // all RESERVED or all SOLD
    expect(kinds.has('AVAILABLE')).toBe(false);
    for (const seat of seats) {
      expect(owned.has(seat)).toBe(false);
      owned.add(seat);
    }
  }
  expect(owned.size).toBe(counts.reserved + counts.sold);
  // The per-row free-run bookkeeping used to skip rows matches a recount (one expect per
  // state: per-seat expects would dominate the run time).
  const picture = rowStatuses(state).map((row) => row.statuses);
  const expected = { maxRun: [] as number[], mask: [] as number[], jump: [] as number[] };
  picture.forEach((row) => {
    const runs = row.split(/[RS]+/).filter((run) => run.length > 0);
    expected.maxRun.push(Math.max(0, ...runs.map((run) => run.length)));
    expected.mask.push(runs.reduce((m, run) => m | (1 << Math.min(run.length, 31)), 0));
    // jump: where each seat's stretch of equal freeness ends (row-relative).
    for (let k = 0; k < row.length; k++) {
      let e = k + 1;
      while (e < row.length && (row[e] === 'A') === (row[k] === 'A')) e++;
      expected.jump.push(e);
    }
  });
  expect({
    maxRun: [...state.rowMaxRun],
    mask: [...state.rowRunMask],
    jump: [...state.jump],
  }).toEqual(expected);
}

/** True when the seat ids are one gap-free run in one row. */
function reallyAdjacent(seats: string[]): boolean {
  const parts = seats.map((s) => parseSeatId(s)!);
  return parts.every((p, i) => p.row === parts[0]!.row && p.seat === parts[0]!.seat + i);
}

describe('section invariants hold for any layout and command sequence', () => {
  it('keeps counts, ownership and row bookkeeping consistent after every command', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const state = init(layout);
        for (const command of commands) {
          execute(state, command);
          checkInvariants(state);
        }
      }),
      { numRuns: 150 }, // checks every command of every run: the slowest property here
    );
  });

  it('reports adjacency truthfully and returns the quantity asked for', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const state = init(layout);
        for (const command of commands) {
          const availableBefore = state.available;
          const { outcome } = execute(state, command).decision;
          if (outcome.kind !== 'SeatsReserved') continue;
          expect(outcome.adjacent).toBe(reallyAdjacent(outcome.seats));
          expect(outcome.seats).toEqual(bookingSeats(state, outcome.bookingId));
          if (command.type === 'ReserveBestAvailable' && !outcome.replayed) {
            const expected = command.partial
              ? Math.min(command.quantity, availableBefore)
              : command.quantity;
            expect(outcome.seats).toHaveLength(expected);
          }
        }
      }),
      RUNS,
    );
  });

  it('release restores exactly that booking’s reserved seats', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const state = init(layout);
        for (const command of commands) {
          if (command.type !== 'Release') {
            execute(state, command);
            continue;
          }
          const before = seatStatuses(state);
          const held = new Set(bookingSeats(state, command.bookingId));
          const reservedHeld = before.filter((s) => held.has(s.seat) && s.status === 'RESERVED');
          const { outcome } = execute(state, command).decision;
          const freed = new Set(reservedHeld.map((s) => s.seat));
          expect(outcome.kind === 'SeatsReleased' && outcome.seats).toEqual(
            reservedHeld.map((s) => s.seat),
          );
          const expected = before.map((s) =>
            freed.has(s.seat) ? { ...s, status: 'AVAILABLE' } : s,
          );
          expect(seatStatuses(state)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('replaying the same sequence gives the same state and the same decisions', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const first = runAll(layout, commands);
        const second = runAll(layout, commands);
        expect(sectionsEqual(first.state, second.state)).toBe(true);
        expect(encodeSection(first.state)).toEqual(encodeSection(second.state));
        expect(second.decisions).toEqual(first.decisions);
      }),
      RUNS,
    );
  });

  it('restore(snapshot(s)) equals s at every step and continues identically', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, commandsArb, (layout, prefix, suffix) => {
        const state = init(layout);
        const restore = (bytes: Uint8Array) => {
          const restored = decodeSection(bytes);
          restored.ended.restore(state.ended.encodeAll().values());
          return restored;
        };
        for (const command of prefix) {
          execute(state, command);
          const bytes = encodeSection(state);
          const restored = restore(bytes);
          expect(sectionsEqual(restored, state)).toBe(true);
          expect(encodeSection(restored)).toEqual(bytes);
        }
        const restored = restore(encodeSection(state));
        for (const command of suffix) {
          expect(execute(restored, command).decision).toEqual(execute(state, command).decision);
        }
        expect(sectionsEqual(restored, state)).toBe(true);
      }),
      RUNS,
    );
  });

  it('any command applied twice has the effect of once', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const state = init(layout);
        for (const command of commands) {
          execute(state, command);
          const once = encodeSection(state);
          const again = execute(state, command).decision;
          expect(again.delta).toBeUndefined();
          expect(encodeSection(state)).toEqual(once);
        }
      }),
      RUNS,
    );
  });

  it('decide never changes the state', () => {
    fc.assert(
      fc.property(layoutArb, commandsArb, (layout, commands) => {
        const state = init(layout);
        for (const command of commands) {
          const before = encodeSection(state);
          decide(state, command);
          expect(encodeSection(state)).toEqual(before);
          execute(state, command);
        }
      }),
      RUNS,
    );
  });
});
