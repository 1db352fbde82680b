// The fast search (row skipping via run masks, distance windows, early exit) must choose
// exactly what a brute-force search over every possible block chooses.
import fc from 'fast-check';
import { findBlock } from './best-available';
import { execute } from './execute';
import type { SectionState } from './section-state';
import { commandsArb, layoutArb } from './testing/command-arbitraries';

function lexLess(a: number[], b: number[]): boolean {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i !== -1 && a[i]! < b[i]!;
}

/** Every block of q free seats, ranked: no stranded seat first, then distance, row, seat. */
function bruteForce(state: SectionState, q: number, anchorRow: number, anchorOffset2: number) {
  const free = (i: number, first: number, end: number) =>
    i >= first && i < end && state.status[i] === 0;
  let best: { start: number; key: number[] } | undefined;
  for (let r = 0; r < state.rowCount; r++) {
    const first = state.rowStart[r]!;
    const end = state.rowStart[r + 1]!;
    for (let s = first; s + q <= end; s++) {
      let ok = true;
      for (let i = s; i < s + q; i++) ok &&= free(i, first, end);
      if (!ok) continue;
      const strandsLeft = free(s - 1, first, end) && !free(s - 2, first, end);
      const strandsRight = free(s + q, first, end) && !free(s + q + 1, first, end);
      const d = Math.abs(r - anchorRow);
      const offset2 = 2 * (s - first) + q - (end - first);
      const dist = (4 * d) ** 2 + (offset2 - anchorOffset2) ** 2;
      const rowRank = d === 0 ? 0 : r < anchorRow ? 2 * d - 1 : 2 * d;
      const key = [strandsLeft || strandsRight ? 1 : 0, dist, rowRank, s];
      if (!best || lexLess(key, best.key)) best = { start: s, key };
    }
  }
  return best?.start;
}

describe('best-available search', () => {
  it('picks the same block as a brute-force search, for any state and anchor', () => {
    fc.assert(
      fc.property(
        layoutArb,
        commandsArb,
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.integer({ min: -30, max: 30 }),
        (layout, commands, q, anchorSeed, anchorOffset2) => {
          const state = execute(undefined, { type: 'InitSection', layout }).state!;
          for (const command of commands) execute(state, command);
          const anchorRow = anchorSeed % state.rowCount;
          const expected = bruteForce(state, q, anchorRow, anchorOffset2);
          expect(findBlock(state, q, anchorRow, anchorOffset2)?.start).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
