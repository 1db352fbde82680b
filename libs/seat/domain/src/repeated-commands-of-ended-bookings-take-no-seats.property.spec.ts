// Booking's outbox is at-least-once: any command may arrive again, late, after its booking
// ended. Whatever the order, a booking that ended in a section (its Reserve refused, or a
// Release processed while it held no sold seats) must never end up holding seats there.
import fc from 'fast-check';
import { execute } from './execute';
import { bookingSeats, seatStatuses } from './queries';
import type { SeatCommand } from './seat.types';
import { commandsArb, layoutArb } from './testing/command-arbitraries';

/** The commands, with copies of some of them inserted again at later positions. */
const withRepeats = commandsArb.chain((commands) =>
  fc
    .array(
      fc.record({
        pick: fc.nat({ max: commands.length - 1 }),
        later: fc.nat({ max: commands.length }),
      }),
      { maxLength: 40 },
    )
    .map((repeats) => {
      const out: SeatCommand[] = [...commands];
      for (const { pick, later } of repeats) {
        const at = Math.min(out.length, Math.max(pick + 1, later + pick));
        out.splice(at, 0, commands[pick]!);
      }
      return out;
    }),
);

describe('repeated commands of ended bookings take no seats', () => {
  it('no seat ends held by a booking that was refused or released, whatever repeats and reorders', () => {
    fc.assert(
      fc.property(layoutArb, withRepeats, (layout, commands) => {
        const { state } = execute(undefined, { type: 'InitSection', layout });
        const ended = new Set<string>();
        for (const command of commands) {
          if (command.type === 'InitSection') continue;
          const held = bookingSeats(state!, command.bookingId).length > 0;
          const { outcome } = execute(state, command).decision;
          const holdsNow = bookingSeats(state!, command.bookingId).length > 0;
          if (command.type === 'Release' && !holdsNow) ended.add(command.bookingId);
          if (outcome.kind === 'ReservationRejected' && !held) ended.add(command.bookingId);
          // Once ended, nothing brings it back.
          if (ended.has(command.bookingId)) expect(holdsNow).toBe(false);
        }
        const owners = new Set(
          seatStatuses(state!)
            .filter((s) => s.status !== 'AVAILABLE')
            .map((s) => s.seat),
        );
        for (const id of ended) {
          for (const seat of bookingSeats(state!, id)) expect(owners.has(seat)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });
});
