import { sectionCounts } from './queries';
import { best, finalize, manual, release, run, seats, sectionOf } from './testing/section-fixtures';

describe('a replayed reserve returns the same seats, never new ones', () => {
  it('returns the held seats for the same booking, whatever the command says now', () => {
    const state = sectionOf([10]);
    const first = run(state, best('b', 3)).outcome;
    const again = run(state, best('b', 3));
    const other = run(state, manual('b', seats('R1', 1)));
    expect(first).toMatchObject({ replayed: false });
    for (const replay of [again.outcome, other.outcome]) {
      expect(replay).toMatchObject({
        kind: 'SeatsReserved',
        seats: first.kind === 'SeatsReserved' ? first.seats : [],
        replayed: true,
      });
    }
    expect(again.delta).toBeUndefined();
    expect(sectionCounts(state)).toMatchObject({ reserved: 3, seq: 1 });
  });

  it('returns the sold seats after finalize', () => {
    const state = sectionOf([10]);
    run(state, best('b', 2));
    run(state, finalize('b'));
    expect(run(state, best('b', 2)).outcome).toMatchObject({
      seats: seats('R1', 5, 6),
      replayed: true,
    });
  });

  it('takes nothing for a reserve repeated after its release', () => {
    const state = sectionOf([10]);
    run(state, best('b', 2)); // 5-6
    run(state, release('b'));
    const { outcome, delta } = run(state, best('b', 2));
    expect(outcome).toMatchObject({ kind: 'SeatsReleased', bookingId: 'b', seats: [] });
    expect(delta).toBeUndefined();
    expect(sectionCounts(state)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('refuses a reserve repeated after its rejection the same way, even with seats free again', () => {
    const state = sectionOf([4]);
    run(state, best('holder', 4));
    const first = run(state, best('late', 2)).outcome;
    expect(first).toMatchObject({ kind: 'ReservationRejected', code: 'SOLD_OUT' });
    run(state, release('holder'));
    const again = run(state, best('late', 2));
    expect(again.outcome).toMatchObject({ kind: 'ReservationRejected', code: 'SOLD_OUT' });
    expect(again.delta).toBeUndefined();
    expect(sectionCounts(state)).toMatchObject({ reserved: 0, available: 4 });
  });

  it('takes nothing for a reserve that arrives after a release of the same booking', () => {
    const state = sectionOf([6]);
    run(state, release('early')); // the Release overtook a repeat of its Reserve
    expect(run(state, manual('early', seats('R1', 1))).outcome).toMatchObject({ seats: [] });
    expect(sectionCounts(state)).toMatchObject({ available: 6 });
  });
});
