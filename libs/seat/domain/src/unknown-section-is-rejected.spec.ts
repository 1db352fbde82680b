import { execute } from './execute';
import { best, finalize, manual, release, sectionOf } from './testing/section-fixtures';

describe('commands for an unknown section are rejected with SECTION_UNKNOWN', () => {
  it.each([best('b', 1), manual('b', ['A-R1-1']), release('b'), finalize('b')])(
    'rejects $type without state',
    (command) => {
      const { state, decision } = execute(undefined, command);
      expect(state).toBeUndefined();
      expect(decision.outcome).toMatchObject({
        kind: 'ReservationRejected',
        code: 'SECTION_UNKNOWN',
        bookingId: 'b',
        eventId: 'E1',
        section: 'A',
      });
    },
  );

  it('rejects a command addressed to another section than the state', () => {
    const state = sectionOf([3]);
    const { decision } = execute(state, { ...best('b', 1), section: 'B' } as never);
    expect(decision.outcome).toMatchObject({ code: 'SECTION_UNKNOWN', section: 'B' });
    expect(state.available).toBe(3);
  });
});
