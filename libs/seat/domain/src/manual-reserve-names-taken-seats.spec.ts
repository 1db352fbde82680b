import { manual, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('manual reserve names the seats that are taken', () => {
  it('rejects the whole request and lists the taken seats', () => {
    const state = sectionOf([5]);
    run(state, manual('x', seats('R1', 2, 4)));
    const decision = run(state, manual('b', seats('R1', 1, 2, 3, 4)));
    expect(decision.outcome).toMatchObject({
      kind: 'ReservationRejected',
      code: 'SEATS_UNAVAILABLE',
      seats: seats('R1', 2, 4),
    });
    expect(decision.outcome.kind === 'ReservationRejected' && decision.outcome.message).toContain(
      'A-R1-2',
    );
    expect(decision.delta).toBeUndefined();
    expect(picture(state)).toEqual(['ARARA']);
  });

  it('with partial: true takes the seats that are still available', () => {
    const state = sectionOf([5]);
    run(state, manual('x', seats('R1', 2)));
    const { outcome } = run(state, manual('b', seats('R1', 3, 2, 1), true));
    expect(outcome).toMatchObject({
      kind: 'SeatsReserved',
      seats: seats('R1', 1, 3),
      adjacent: false,
    });
    expect(picture(state)).toEqual(['RRRAA']);
  });

  it('with partial: true still rejects when none is available', () => {
    const state = sectionOf([5]);
    run(state, manual('x', seats('R1', 2)));
    expect(run(state, manual('b', seats('R1', 2), true)).outcome).toMatchObject({
      code: 'SEATS_UNAVAILABLE',
      seats: seats('R1', 2),
    });
  });

  it('reports adjacency of picked seats and counts duplicates once', () => {
    const state = sectionOf([5, 5]);
    const { outcome } = run(state, manual('b', ['A-R2-3', 'A-R2-2', 'A-R2-3']));
    expect(outcome).toMatchObject({ seats: seats('R2', 2, 3), adjacent: true });
  });
});
