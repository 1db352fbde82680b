import { bookingSeats, sectionCounts } from './queries';
import {
  best,
  finalize,
  manual,
  picture,
  release,
  run,
  seats,
  sectionOf,
} from './testing/section-fixtures';

describe('release returns a booking’s held seats to AVAILABLE', () => {
  it('frees exactly that booking’s seats and reports them', () => {
    const state = sectionOf([6]);
    run(state, manual('keep', seats('R1', 1)));
    run(state, manual('drop', seats('R1', 3, 4)));
    const decision = run(state, release('drop'));
    expect(decision.outcome).toEqual({
      kind: 'SeatsReleased',
      bookingId: 'drop',
      eventId: 'E1',
      section: 'A',
      seats: seats('R1', 3, 4),
    });
    expect(decision.delta?.changes).toEqual([
      { seat: 'A-R1-3', status: 'AVAILABLE' },
      { seat: 'A-R1-4', status: 'AVAILABLE' },
    ]);
    expect(picture(state)).toEqual(['RAAAAA']);
    expect(bookingSeats(state, 'drop')).toEqual([]);
    expect(bookingSeats(state, 'keep')).toEqual(['A-R1-1']);
  });

  it('is a no-op result, not an error, for an unknown booking', () => {
    const state = sectionOf([6]);
    const decision = run(state, release('nobody'));
    expect(decision.outcome).toMatchObject({ kind: 'SeatsReleased', seats: [] });
    expect(decision.delta).toBeUndefined();
  });

  it('does not release sold seats', () => {
    const state = sectionOf([6]);
    run(state, best('b', 2));
    run(state, finalize('b'));
    const decision = run(state, release('b'));
    expect(decision.outcome).toMatchObject({ kind: 'SeatsReleased', seats: [] });
    expect(decision.delta).toBeUndefined();
    expect(sectionCounts(state)).toMatchObject({ sold: 2, available: 4 });
  });

  it('makes the freed seats choosable again (row free-run bookkeeping)', () => {
    const state = sectionOf([4]);
    run(state, best('b', 4));
    run(state, release('b'));
    expect(run(state, best('c', 4)).outcome).toMatchObject({ seats: seats('R1', 1, 2, 3, 4) });
  });
});
