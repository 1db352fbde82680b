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

  it('treats a reserve after release as a new reservation', () => {
    const state = sectionOf([10]);
    run(state, best('b', 2)); // 5-6
    run(state, release('b'));
    run(state, manual('x', seats('R1', 5)));
    const { outcome } = run(state, best('b', 2));
    expect(outcome).toMatchObject({ replayed: false, seats: seats('R1', 6, 7) });
    expect(sectionCounts(state)).toMatchObject({ reserved: 3 });
  });
});
