import { manual, picture, run, sectionOf } from './testing/section-fixtures';

describe('manual reserve rejects seats that do not exist', () => {
  it('names every unknown seat, even with partial: true', () => {
    const state = sectionOf([5]);
    const unknown = ['A-R9-1', 'A-R1-6', 'B-R1-1', 'A-R1-0', 'A-R1-01', 'nonsense'];
    for (const partial of [false, true]) {
      const { outcome } = run(state, manual(`b-${partial}`, ['A-R1-1', ...unknown], partial));
      expect(outcome).toMatchObject({ code: 'SEAT_UNKNOWN', seats: unknown });
    }
    expect(picture(state)).toEqual(['AAAAA']);
  });
});
