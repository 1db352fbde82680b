// Validation and comparison of section layouts. A layout is copied on the way in so the state
// never shares arrays with a caller's command object.
import type { SectionLayout } from './seat.types';

/** Bounds that keep one section's state and snapshot small and the search fast. */
export const MAX_ROWS = 2_000;
export const MAX_SEATS_PER_ROW = 2_000;
/**
 * Upper bound on seats per section: a section's snapshot is one changelog record, which must
 * stay under the broker's record limit however the section sells (the platform's
 * MAX_SEATS_PER_SECTION; a layout above it arriving on Kafka is LAYOUT_INVALID, dead-lettered).
 */
export const MAX_SECTION_CAPACITY = 10_000;

/** Returns why a layout is malformed, or undefined when it is fine. */
export function layoutProblem(layout: SectionLayout): string | undefined {
  if (!layout || typeof layout !== 'object') return 'layout missing';
  if (typeof layout.eventId !== 'string' || layout.eventId.length === 0) return 'eventId empty';
  if (typeof layout.section !== 'string' || !/^[^-\s]+$/.test(layout.section)) {
    return 'section name must be non-empty without "-" or spaces';
  }
  const rows = layout.rows;
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_ROWS) {
    return `rows must be 1..${MAX_ROWS}`;
  }
  const labels = new Set<string>();
  let capacity = 0;
  for (const row of rows) {
    if (typeof row.label !== 'string' || !/^[^-\s]+$/.test(row.label)) {
      return 'row labels must be non-empty without "-" or spaces';
    }
    if (labels.has(row.label)) return `duplicate row label ${row.label}`;
    labels.add(row.label);
    if (!Number.isInteger(row.seats) || row.seats < 1 || row.seats > MAX_SEATS_PER_ROW) {
      return `row ${row.label} must have 1..${MAX_SEATS_PER_ROW} seats`;
    }
    capacity += row.seats;
  }
  if (capacity > MAX_SECTION_CAPACITY) return `capacity above ${MAX_SECTION_CAPACITY}`;
  const focal = layout.focal;
  if (focal !== undefined) {
    const focalRow = Number.isInteger(focal.row) ? rows[focal.row] : undefined;
    if (!focalRow) return 'focal row out of range';
    if (!Number.isInteger(focal.seat) || focal.seat < 1 || focal.seat > focalRow.seats) {
      return 'focal seat out of range';
    }
  }
  return undefined;
}

/** A deep copy holding only the known fields (unknown fields never reach state or snapshot). */
export function copyLayout(layout: SectionLayout): SectionLayout {
  const copy: SectionLayout = {
    eventId: layout.eventId,
    section: layout.section,
    rows: layout.rows.map((r) => ({ label: r.label, seats: r.seats })),
  };
  if (layout.focal) copy.focal = { row: layout.focal.row, seat: layout.focal.seat };
  return copy;
}

/** Structural equality; an absent focal point differs from an explicit one. */
export function layoutsEqual(a: SectionLayout, b: SectionLayout): boolean {
  if (a.eventId !== b.eventId || a.section !== b.section) return false;
  if (a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) {
    const ra = a.rows[i]!;
    const rb = b.rows[i]!;
    if (ra.label !== rb.label || ra.seats !== rb.seats) return false;
  }
  if (!a.focal || !b.focal) return !a.focal && !b.focal;
  return a.focal.row === b.focal.row && a.focal.seat === b.focal.seat;
}
