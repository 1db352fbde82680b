import {
  SEAT_ID_SEPARATOR,
  type CreateBookingBody,
  type PublishedSection,
} from '@shared/contracts';

/**
 * Checks a booking request against booking's copy of the published event and picks the one
 * section it concerns (a reservation is one command to one section's partition).
 *
 * Best-available section choice: an explicit `section` must exist; a `category` picks the
 * first section of that category in published order; neither picks the event's first section.
 * We do not guess availability here: seat-reservation owns it, and a sold-out section answers
 * ReservationRejected SOLD_OUT, which the buyer sees as FAILED with that reason.
 */
export type SectionChoice =
  | { ok: true; section: PublishedSection }
  | { ok: false; code: BookingRequestProblem; message: string };

export type BookingRequestProblem =
  | 'BOOKING_SECTION_UNKNOWN'
  | 'BOOKING_CATEGORY_UNKNOWN'
  | 'BOOKING_QUANTITY_INVALID'
  | 'BOOKING_SEATS_INVALID';

export function chooseSection(
  body: CreateBookingBody,
  sections: readonly PublishedSection[],
  maxSeats: number,
): SectionChoice {
  if (body.mode === 'best-available') {
    if (body.quantity > maxSeats) {
      return fail('BOOKING_QUANTITY_INVALID', `quantity must be between 1 and ${maxSeats}`);
    }
    if (body.section !== undefined) {
      const section = sections.find((s) => s.name === body.section);
      if (!section) return fail('BOOKING_SECTION_UNKNOWN', `no section ${body.section}`);
      if (body.category !== undefined && section.category !== body.category) {
        return fail(
          'BOOKING_CATEGORY_UNKNOWN',
          `section ${body.section} is not in category ${body.category}`,
        );
      }
      return { ok: true, section };
    }
    if (body.category !== undefined) {
      const section = sections.find((s) => s.category === body.category);
      if (!section) return fail('BOOKING_CATEGORY_UNKNOWN', `no category ${body.category}`);
      return { ok: true, section };
    }
    return { ok: true, section: sections[0]! };
  }
  if (body.seats.length > maxSeats) {
    return fail('BOOKING_QUANTITY_INVALID', `at most ${maxSeats} seats per booking`);
  }
  if (new Set(body.seats).size !== body.seats.length) {
    return fail('BOOKING_SEATS_INVALID', 'a seat is listed twice');
  }
  const names = new Set(body.seats.map((s) => s.split(SEAT_ID_SEPARATOR)[0]));
  if (names.size !== 1) return fail('BOOKING_SEATS_INVALID', 'all seats must be in one section');
  const [name] = names;
  const section = sections.find((s) => s.name === name);
  if (!section) return fail('BOOKING_SECTION_UNKNOWN', `no section ${name}`);
  for (const seat of body.seats) {
    const [, rowLabel, number] = seat.split(SEAT_ID_SEPARATOR);
    const row = section.rows.find((r) => r.label === rowLabel);
    if (!row || Number(number) > row.seats) {
      return fail('BOOKING_SEATS_INVALID', `no seat ${seat} in this event`);
    }
  }
  return { ok: true, section };
}

function fail(code: BookingRequestProblem, message: string): SectionChoice {
  return { ok: false, code, message };
}

/** Price of each seat (cents) and the total: every seat of a section costs the section's price. */
export function priceSeats(
  seats: readonly string[],
  section: Pick<PublishedSection, 'priceCents'>,
): { seats: { seatId: string; priceCents: number }[]; totalCents: number } {
  const priced = seats.map((seatId) => ({ seatId, priceCents: section.priceCents }));
  return { seats: priced, totalCents: priced.reduce((sum, s) => sum + s.priceCents, 0) };
}

/** "A-3-12" -> {section: "A", row: "3", number: 12}. */
export function parseSeatId(seatId: string): { section: string; row: string; number: number } {
  const [section = '', row = '', number = '0'] = seatId.split(SEAT_ID_SEPARATOR);
  return { section, row, number: Number(number) };
}
