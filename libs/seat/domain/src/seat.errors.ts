// The catalogue of domain rejections of the seat core. These are expected outcomes (a seat was
// taken, a section sold out) and travel as values in `ReservationRejected`/`SectionRejected`,
// never as exceptions. Codes are stable: the booking app maps them to booking failure reasons
// and HTTP statuses, so never rename one; add a new code instead, at the end: a code's position
// is stored in the memory of ended bookings (ended-bookings.ts).

/** Every rejection the seat core can return. */
export const SEAT_REJECTIONS = {
  SECTION_UNKNOWN: {
    message: 'The section is not known to this partition',
    // The layout may still be on its way (InitSection not processed yet); a later retry can work.
    retriable: true,
  },
  SEAT_UNKNOWN: { message: 'Some seats do not exist in this section', retriable: false },
  SEATS_UNAVAILABLE: { message: 'Some requested seats are not available', retriable: false },
  SOLD_OUT: { message: 'The section has no available seats', retriable: false },
  QUANTITY_INVALID: { message: 'The requested quantity is out of range', retriable: false },
  LAYOUT_CONFLICT: {
    message: 'A different layout cannot replace a section that has holds or sales',
    retriable: false,
  },
  LAYOUT_INVALID: { message: 'The section layout is malformed', retriable: false },
} as const satisfies Record<string, { message: string; retriable: boolean }>;

/** A stable rejection code, e.g. `SEATS_UNAVAILABLE`. */
export type RejectionCode = keyof typeof SEAT_REJECTIONS;

/** The catalogue message for a code, optionally followed by a specific detail. */
export function rejectionMessage(code: RejectionCode, detail?: string): string {
  const base = SEAT_REJECTIONS[code].message;
  return detail ? `${base}: ${detail}` : base;
}
