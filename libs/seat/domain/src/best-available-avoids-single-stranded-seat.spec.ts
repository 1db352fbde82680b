import { best, manual, picture, run, seats, sectionOf } from './testing/section-fixtures';

describe('best-available avoids leaving a single stranded seat', () => {
  it('moves the block off the centre when the centred block would strand one seat', () => {
    // Seats 1-5 free, 6 taken. Centred pair 3-4 would strand seat 5, pair 2-3 strands seat 1.
    const state = sectionOf([6]);
    run(state, manual('x', seats('R1', 6)));
    const { outcome } = run(state, best('b', 2));
    expect(outcome).toMatchObject({ kind: 'SeatsReserved', seats: seats('R1', 4, 5) });
    expect(picture(state)).toEqual(['AAARRR']);
  });

  it('prefers a row further back over stranding a seat in the front row', () => {
    const state = sectionOf([3, 4]);
    const { outcome } = run(state, best('b', 2));
    expect(outcome).toMatchObject({ seats: seats('R2', 1, 2), adjacent: true });
  });

  it('strands a seat when every block of the size would (rule 2)', () => {
    const state = sectionOf([3]);
    const { outcome } = run(state, best('b', 2));
    expect(outcome).toMatchObject({ seats: seats('R1', 1, 2), adjacent: true });
    expect(picture(state)).toEqual(['RRA']);
  });
});
