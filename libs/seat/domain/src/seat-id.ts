// Seat ids are "<section>-<row>-<seat>": section names and row labels never contain "-", and the
// seat is the 1-based number within its row. This is the only place that builds or parses them.

/** The parts of a seat id. */
export interface SeatIdParts {
  section: string;
  row: string;
  seat: number;
}

/** Builds "<section>-<row>-<seat>". */
export function formatSeatId(section: string, row: string, seat: number): string {
  return section + '-' + row + '-' + seat;
}

/**
 * Splits a seat id into its parts; undefined when it is not exactly three non-empty parts with a
 * positive integer seat number written without leading zeros (so format(parse(id)) === id).
 */
export function parseSeatId(id: string): SeatIdParts | undefined {
  const first = id.indexOf('-');
  if (first <= 0) return undefined;
  const second = id.indexOf('-', first + 1);
  if (second <= first + 1) return undefined;
  if (id.indexOf('-', second + 1) !== -1) return undefined;
  // Seat number: 1-9 digits, no leading zero (checked by hand: this runs per manual seat).
  const length = id.length - second - 1;
  if (length < 1 || length > 9 || id.charCodeAt(second + 1) === 48) return undefined;
  let seat = 0;
  for (let i = second + 1; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    seat = seat * 10 + digit;
  }
  return { section: id.slice(0, first), row: id.slice(first + 1, second), seat };
}
