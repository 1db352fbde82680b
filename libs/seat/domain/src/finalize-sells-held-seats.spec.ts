import { sectionCounts } from './queries';
import { best, finalize, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('finalize sells a booking’s held seats', () => {
  it('turns RESERVED into SOLD with a delta', () => {
    const state = sectionOf([4]);
    run(state, best('b', 2));
    const decision = run(state, finalize('b'));
    expect(decision.outcome).toMatchObject({
      kind: 'SeatsFinalized',
      seats: seats('R1', 1, 2),
      replayed: false,
    });
    expect(decision.delta).toMatchObject({ seq: 2, available: 2, reserved: 0, sold: 2 });
    expect(picture(state)).toEqual(['SSAA']);
  });

  it('is idempotent: a second finalize reports the sold seats and changes nothing', () => {
    const state = sectionOf([4]);
    run(state, best('b', 2));
    run(state, finalize('b'));
    const again = run(state, finalize('b'));
    expect(again.outcome).toMatchObject({ seats: seats('R1', 1, 2), replayed: true });
    expect(again.delta).toBeUndefined();
    expect(sectionCounts(state)).toMatchObject({ sold: 2, seq: 2 });
  });

  it('is a no-op for an unknown booking', () => {
    const state = sectionOf([4]);
    const decision = run(state, finalize('ghost'));
    expect(decision.outcome).toMatchObject({ kind: 'SeatsFinalized', seats: [] });
    expect(decision.delta).toBeUndefined();
  });
});
