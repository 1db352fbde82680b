import {
  MAX_ROWS_PER_EVENT,
  MAX_SEATS_PER_EVENT,
  MAX_SEATS_PER_SECTION,
  SEAT_ID_SEPARATOR,
  type SectionInput,
} from '@shared/contracts';

/**
 * Seating layout rules that the zod schemas cannot express on one field: section names unique
 * within an event, and the seat counts of each section and of the event bounded. Pure: routes turn the problems
 * into a 400, the publisher trusts a layout that passed here.
 */
export function layoutProblems(sections: readonly SectionInput[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of sections) {
    if (seen.has(s.name)) problems.push(`section name "${s.name}" is used twice`);
    seen.add(s.name);
    const labels = new Set<string>();
    for (const r of s.rows) {
      if (labels.has(r.label))
        problems.push(`row "${r.label}" of section "${s.name}" is used twice`);
      labels.add(r.label);
    }
    const sectionSeats = seatCount([s]);
    if (sectionSeats > MAX_SEATS_PER_SECTION)
      problems.push(
        `section "${s.name}" has ${sectionSeats} seats; at most ${MAX_SEATS_PER_SECTION} are allowed in one section (split it into several)`,
      );
    if (s.focal && s.focal.row >= s.rows.length)
      problems.push(`focal row ${s.focal.row} of section "${s.name}" is past its last row`);
  }
  const rows = sections.reduce((n, s) => n + s.rows.length, 0);
  if (rows > MAX_ROWS_PER_EVENT)
    problems.push(`the event has ${rows} rows; at most ${MAX_ROWS_PER_EVENT} are allowed`);
  const seats = seatCount(sections);
  if (seats > MAX_SEATS_PER_EVENT)
    problems.push(`the event has ${seats} seats; at most ${MAX_SEATS_PER_EVENT} are allowed`);
  return problems;
}

export function seatCount(sections: readonly Pick<SectionInput, 'rows'>[]): number {
  let n = 0;
  for (const s of sections) for (const r of s.rows) n += r.seats;
  return n;
}

/** Every seat of a layout as columns (one array per ticket column): what a bulk INSERT takes. */
export interface SeatColumns {
  section: string[];
  row: string[];
  number: number[];
  seatId: string[];
  priceCents: number[];
}

/** Seat ids are "<section>-<row>-<number>" (numbers 1-based within their row). */
export function seatId(section: string, row: string, number: number): string {
  return [section, row, number].join(SEAT_ID_SEPARATOR);
}

export function expandSeats(sections: readonly SectionInput[]): SeatColumns {
  const out: SeatColumns = { section: [], row: [], number: [], seatId: [], priceCents: [] };
  for (const s of sections) {
    for (const r of s.rows) {
      for (let n = 1; n <= r.seats; n++) {
        out.section.push(s.name);
        out.row.push(r.label);
        out.number.push(n);
        out.seatId.push(seatId(s.name, r.label, n));
        out.priceCents.push(s.price);
      }
    }
  }
  return out;
}
