import { best, manual, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('best-available splits a group when no row has room for it', () => {
  it('splits 4 into 2 + 2 in neighbouring rows and says they are not adjacent', () => {
    const state = sectionOf([3, 3]);
    const { outcome } = run(state, best('b', 4));
    expect(outcome).toMatchObject({
      kind: 'SeatsReserved',
      seats: [...seats('R1', 1, 2), ...seats('R2', 1, 2)],
      adjacent: false,
    });
  });

  it('places the second group nearest the first group, not nearest the focal point', () => {
    const state = sectionOf([10, 10, 10]);
    run(state, manual('r1', seats('R1', 3, 4, 5, 6, 7, 8, 9, 10)));
    run(state, manual('r2', seats('R2', 1, 2, 3, 4, 5, 6, 7, 8)));
    run(state, manual('r3', seats('R3', 3, 4, 5, 6, 7, 8, 9, 10)));
    // Free: R1 1-2 (front, left), R2 9-10 (right), R3 1-2 (left, behind the first pair).
    const { outcome } = run(state, best('b', 4));
    expect(outcome).toMatchObject({
      seats: [...seats('R1', 1, 2), ...seats('R3', 1, 2)],
      adjacent: false,
    });
  });

  it('keeps splitting down to single seats when the section is fragmented', () => {
    const state = sectionOf([3, 3, 3]);
    run(state, manual('middle', ['A-R1-2', 'A-R2-2', 'A-R3-2']));
    const { outcome } = run(state, best('b', 4));
    expect(outcome).toMatchObject({
      seats: [...seats('R1', 1, 3), ...seats('R2', 1, 3)],
      adjacent: false,
    });
    expect(picture(state)).toEqual(['RRR', 'RRR', 'ARA']);
  });
});
