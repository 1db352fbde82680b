// Best-available selection. Order of preference for n seats:
//   1. n adjacent seats in one row leaving no single stranded seat, nearest the focal point;
//   2. n adjacent seats in one row, stranded seats allowed, nearest the focal point;
//   3. split into ceil(n/2) and floor(n/2), recursively; the first group is placed as in 1-2,
//      the second group nearest the first group's centre ("as close together as possible").
// Distance: seats are measured in half-seats from the centre of their own row (rows are centred
// on one axis) and one row is as deep as two seats are wide, so for a block whose centre is dRow
// rows and dSeat2 half-seats away from the anchor: distance^2 = (4*dRow)^2 + dSeat2^2.
// Ties go to the front row, then to the left. Everything is integer arithmetic: deterministic.
import {
  AVAILABLE as AVAILABLE_STATUS,
  PENDING as PENDING_STATUS,
  type SectionState,
} from './section-state';

// Local copies of the status bytes: bundlers that emit CommonJS (tsx/esbuild) turn imported
// constants into getter calls, which costs more than the work in the hot loops below.
const AVAILABLE = AVAILABLE_STATUS;
const PENDING = PENDING_STATUS;

/** Half-seats per row of depth: one row back weighs like two seats sideways. */
const ROW_DEPTH_HALF_SEATS = 4;

/** A placed block: flat start index, row, and its centre's offset from the row centre (half-seats). */
interface Placement {
  start: number;
  row: number;
  offset2: number;
}

// Scratch result of bestInRun, kept at module level so the hot path allocates nothing.
let runStart = -1;
let runDistance = 0;

/**
 * Best block start (row-relative) for q seats in the free run [a, b) given the ideal start
 * ideal2/2; sets runStart/runDistance (|dSeat2|), runStart = -1 when avoidStranded forbids all.
 */
function bestInRun(a: number, b: number, q: number, ideal2: number, avoidStranded: boolean): void {
  const lo = a;
  const hi = b - q;
  let base = Math.floor(ideal2 / 2);
  if (base < lo) base = lo;
  else if (base > hi) base = hi;
  runStart = -1;
  runDistance = 0;
  // The nearest allowed start is within base-2..base+3 or at an end of the run: only the two
  // starts a+1 and hi-1 are forbidden (they leave exactly one seat on one side).
  for (let k = -3; k <= 3; k++) {
    let c = base + k;
    if (k === -3) c = lo;
    else if (k === 3) c = hi;
    if (c < lo || c > hi) continue;
    if (avoidStranded && (c - a === 1 || hi - c === 1)) continue;
    const d = Math.abs(2 * c - ideal2);
    if (runStart === -1 || d < runDistance || (d === runDistance && c < runStart)) {
      runStart = c;
      runDistance = d;
    }
  }
}

// Scratch result of searchRows.
let foundStart = -1;
let foundRow = -1;

/** Longest quantity the per-row run masks describe exactly (bit 31 means "31 or longer"). */
const MASK_LIMIT = 29;

/**
 * Scans rows outward from the anchor row for the nearest block of q seats (strict: leaving no
 * single stranded seat). Sets foundStart (flat index) and foundRow, foundStart = -1 for none.
 * Rows whose run mask (strict) or longest run (any) rules them out are skipped unread.
 */
function searchRows(
  state: SectionState,
  q: number,
  anchorRow: number,
  anchorOffset2: number,
  strict: boolean,
): void {
  const { status, jump, rowStart, rowMaxRun, rowRunMask } = state;
  const rows = state.rowCount;
  // Runs that admit a strict block: exactly q long, or at least q + 2.
  const strictMask = q <= MASK_LIMIT ? (1 << q) | ~((1 << (q + 2)) - 1) : -1;
  let bestDist = Infinity;
  foundStart = -1;
  foundRow = -1;
  for (let d = 0; ; d++) {
    const up = anchorRow - d;
    const down = anchorRow + d;
    if (up < 0 && down >= rows) break;
    const rowCost = ROW_DEPTH_HALF_SEATS * d * (ROW_DEPTH_HALF_SEATS * d);
    // Rows further out cannot beat a block already found (ties keep the earlier one).
    if (rowCost >= bestDist) break;
    for (let side = 0; side < 2; side++) {
      const r = side === 0 ? up : down;
      if (r < 0 || r >= rows || (side === 1 && d === 0)) continue;
      if (rowMaxRun[r]! < q || (strict && (rowRunMask[r]! & strictMask) === 0)) continue;
      const first = rowStart[r]!;
      const end = rowStart[r + 1]!;
      // Ideal row-relative start, doubled: block centre lands on the anchor's offset.
      const ideal2 = anchorOffset2 + (end - first) - q;
      // Once a block is known, only starts c with (2c - ideal2)^2 < bestDist - rowCost can
      // beat it: read just that window plus two seats each side. Runs cut at the window edge
      // look shorter, but a cut side still leaves >= 2 seats for any start inside the window,
      // so the stranding verdicts that matter are unchanged.
      let lo = first;
      let hi = end;
      if (bestDist !== Infinity) {
        const reach2 = Math.sqrt(bestDist - rowCost);
        lo = Math.max(first, first + Math.floor((ideal2 - reach2) / 2) - 2);
        hi = Math.min(end, first + Math.ceil((ideal2 + reach2) / 2) + q + 2);
      }
      let i = lo;
      while (i < hi) {
        const stretchEnd = first + jump[i]!;
        if (status[i] !== AVAILABLE) {
          i = stretchEnd;
          continue;
        }
        const a = i;
        i = stretchEnd < hi ? stretchEnd : hi;
        if (i - a < q) continue;
        bestInRun(a - first, i - first, q, ideal2, strict);
        if (runStart === -1) continue;
        const dist = rowCost + runDistance * runDistance;
        if (dist < bestDist) {
          bestDist = dist;
          foundStart = first + runStart;
          foundRow = r;
        }
      }
    }
  }
}

/**
 * Finds the nearest block of q AVAILABLE seats to the anchor (row index, offset in half-seats),
 * preferring blocks that strand no single seat anywhere over nearer ones that do. Returns
 * undefined when no row has q seats in a run.
 */
export function findBlock(
  state: SectionState,
  q: number,
  anchorRow: number,
  anchorOffset2: number,
): Placement | undefined {
  searchRows(state, q, anchorRow, anchorOffset2, true);
  if (foundStart === -1) searchRows(state, q, anchorRow, anchorOffset2, false);
  if (foundStart === -1) return undefined;
  const { rowStart } = state;
  const seats = rowStart[foundRow + 1]! - rowStart[foundRow]!;
  const offset2 = 2 * (foundStart - rowStart[foundRow]!) + q - seats;
  return { start: foundStart, row: foundRow, offset2 };
}

/**
 * Places q seats by the preference order above, appending their indexes to `out` and marking
 * them PENDING so later groups skip them. Returns the first block placed, or undefined when the
 * seats cannot be placed (only possible when fewer than q seats are AVAILABLE).
 */
function place(
  state: SectionState,
  q: number,
  anchorRow: number,
  anchorOffset2: number,
  out: number[],
): Placement | undefined {
  const block = findBlock(state, q, anchorRow, anchorOffset2);
  if (block) {
    for (let i = block.start; i < block.start + q; i++) {
      state.status[i] = PENDING;
      out.push(i);
    }
    // Keep the row's run bookkeeping exact for the groups still to place.
    state.refreshRow(block.row);
    return block;
  }
  if (q === 1) return undefined;
  const first = place(state, Math.ceil(q / 2), anchorRow, anchorOffset2, out);
  if (!first) return undefined;
  return place(state, Math.floor(q / 2), first.row, first.offset2, out) ? first : undefined;
}

/**
 * Chooses q seats (q <= state.available) for a best-available request, in ascending index
 * order. Does not change the state: seats are marked PENDING (and their rows' run bookkeeping
 * refreshed) only during the search, and set back before returning (also if the search
 * throws), so `decide` stays observably pure.
 */
export function chooseBestAvailable(state: SectionState, q: number): number[] {
  const out: number[] = [];
  // Common case: one block fits. No marking, no bookkeeping to undo.
  const block = findBlock(state, q, state.focalRow, state.focalOffset2);
  if (block) {
    for (let i = block.start; i < block.start + q; i++) out.push(i);
    return out;
  }
  try {
    place(state, q, state.focalRow, state.focalOffset2, out);
  } finally {
    let lastRow = -1;
    for (const i of out) state.status[i] = AVAILABLE;
    out.sort((x, y) => x - y);
    for (const i of out) {
      const row = state.rowAfter(i, lastRow);
      if (row !== lastRow) state.refreshRow(row);
      lastRow = row;
    }
  }
  if (out.length !== q) throw new Error(`best-available placed ${out.length} of ${q} seats`);
  return out; // sorted above
}

/** True when the ascending seat indexes form one gap-free run within one row. */
export function seatsAdjacent(state: SectionState, sorted: readonly number[]): boolean {
  if (sorted.length === 0) return false;
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (last - first !== sorted.length - 1) return false;
  return state.rowOf(first) === state.rowOf(last);
}
