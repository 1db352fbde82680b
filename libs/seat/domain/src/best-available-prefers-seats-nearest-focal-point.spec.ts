import { best, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('best-available prefers the seats nearest the focal point', () => {
  it('defaults to the centre of the front row', () => {
    const state = sectionOf([10, 10]);
    expect(run(state, best('b1', 2)).outcome).toMatchObject({ seats: seats('R1', 5, 6) });
    // R1 1-4 is three seats off centre; R2 4-7 is centred one row back (worth two seats): nearer.
    expect(run(state, best('b2', 4)).outcome).toMatchObject({ seats: seats('R2', 4, 5, 6, 7) });
    // Any 3 of R1 1-4 or 7-10 would strand a seat (rule 1 beats distance): R2 1-3 and 8-10 are clean
    // and equally far, and ties go to the left.
    expect(run(state, best('b3', 3)).outcome).toMatchObject({ seats: seats('R2', 1, 2, 3) });
  });

  it('weighs one row back like two seats sideways, ties going to the front row', () => {
    const state = sectionOf([10, 10]);
    run(state, best('b1', 2)); // R1 5-6
    // R1 3-4 is two seats off centre; R2 5-6 is one row back: equal distance, front wins.
    expect(run(state, best('b2', 2)).outcome).toMatchObject({ seats: seats('R1', 3, 4) });
    expect(run(state, best('b3', 2)).outcome).toMatchObject({ seats: seats('R1', 7, 8) });
    // R1 1-2 / 9-10 are four seats off: one row back (R2 5-6) is nearer now.
    expect(run(state, best('b4', 2)).outcome).toMatchObject({ seats: seats('R2', 5, 6) });
  });

  it('measures sideways distance from each row centre (rows are centred)', () => {
    const state = sectionOf([4, 8]);
    run(state, best('front', 4));
    expect(run(state, best('b', 2)).outcome).toMatchObject({ seats: seats('R2', 4, 5) });
  });

  it('aims at an explicit focal point', () => {
    const state = sectionOf([10, 10, 10], { row: 2, seat: 1 });
    expect(run(state, best('b1', 1)).outcome).toMatchObject({ seats: seats('R3', 1) });
    expect(run(state, best('b2', 2)).outcome).toMatchObject({ seats: seats('R3', 2, 3) });
    expect(picture(state)).toEqual(['AAAAAAAAAA', 'AAAAAAAAAA', 'RRRAAAAAAA']);
  });
});
