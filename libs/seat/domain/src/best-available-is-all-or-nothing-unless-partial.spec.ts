import { sectionCounts } from './queries';
import { best, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('best-available is all-or-nothing unless partial', () => {
  it('rejects a request larger than what is left, and changes nothing', () => {
    const state = sectionOf([2]);
    const decision = run(state, best('b', 3));
    expect(decision.outcome).toMatchObject({
      kind: 'ReservationRejected',
      code: 'SEATS_UNAVAILABLE',
    });
    expect(decision.delta).toBeUndefined();
    expect(picture(state)).toEqual(['AA']);
  });

  it('with partial: true takes as many as are available', () => {
    const state = sectionOf([2]);
    const { outcome } = run(state, best('b', 3, true));
    expect(outcome).toMatchObject({
      kind: 'SeatsReserved',
      seats: seats('R1', 1, 2),
      adjacent: true,
    });
    expect(sectionCounts(state)).toMatchObject({ available: 0, reserved: 2 });
  });

  it('answers SOLD_OUT when nothing is left, partial or not', () => {
    const state = sectionOf([2]);
    run(state, best('b', 2));
    expect(run(state, best('c', 1)).outcome).toMatchObject({ code: 'SOLD_OUT' });
    expect(run(state, best('d', 1, true)).outcome).toMatchObject({ code: 'SOLD_OUT' });
  });
});
