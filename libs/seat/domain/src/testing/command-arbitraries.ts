// fast-check generators of random layouts and random command sequences for the property tests.
// Booking ids come from a small pool and seat ids from a slightly larger grid than any layout,
// so sequences hit replays, collisions, unknown seats and releases of unknown bookings often.
import fc from 'fast-check';
import type { SeatCommand, SectionLayout } from '../seat.types';
import { EVENT, SECTION } from './section-fixtures';

// Enough ids that a sequence keeps meeting new bookings after many have ended (a rejected or
// released id is decided once per section, see ended-bookings.ts).
export const BOOKINGS = Array.from({ length: 24 }, (_, i) => `b${i}`);

export const layoutArb: fc.Arbitrary<SectionLayout> = fc
  .array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 })
  .chain((rowSeats) =>
    fc.record({
      rows: fc.constant(rowSeats.map((seats, i) => ({ label: `R${i + 1}`, seats }))),
      focal: fc.option(
        fc
          .integer({ min: 0, max: rowSeats.length - 1 })
          .chain((row) =>
            fc.record({ row: fc.constant(row), seat: fc.integer({ min: 1, max: rowSeats[row]! }) }),
          ),
        { nil: undefined },
      ),
    }),
  )
  .map(({ rows, focal }) => ({
    eventId: EVENT,
    section: SECTION,
    rows,
    ...(focal ? { focal } : {}),
  }));

const bookingArb = fc.constantFrom(...BOOKINGS);
const seatIdArb = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 13 }))
  .map(([row, seat]) => `${SECTION}-R${row}-${seat}`);
const address = { eventId: EVENT, section: SECTION };

export const commandArb: fc.Arbitrary<SeatCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        bookingId: bookingArb,
        quantity: fc.oneof(
          { weight: 9, arbitrary: fc.integer({ min: 1, max: 10 }) },
          fc.integer({ min: -1, max: 12 }),
        ),
        partial: fc.boolean(),
      })
      .map((c) => ({ type: 'ReserveBestAvailable' as const, ...address, ...c })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        bookingId: bookingArb,
        seats: fc.array(seatIdArb, { minLength: 1, maxLength: 5 }),
        partial: fc.boolean(),
      })
      .map((c) => ({ type: 'ReserveManual' as const, ...address, ...c })),
  },
  {
    weight: 2,
    arbitrary: bookingArb.map((bookingId) => ({ type: 'Release' as const, ...address, bookingId })),
  },
  {
    weight: 1,
    arbitrary: bookingArb.map((bookingId) => ({
      type: 'Finalize' as const,
      ...address,
      bookingId,
    })),
  },
);

export const commandsArb = fc.array(commandArb, { minLength: 1, maxLength: 80 });
