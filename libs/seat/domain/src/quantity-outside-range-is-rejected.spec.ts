import { best, manual, run, sectionOf } from './testing/section-fixtures';

describe('a quantity outside 1..max is rejected', () => {
  it.each([0, -1, 11, 2.5, Number.NaN])('rejects best-available quantity %p', (quantity) => {
    const state = sectionOf([20]);
    expect(run(state, best('b', quantity)).outcome).toMatchObject({ code: 'QUANTITY_INVALID' });
  });

  it('accepts the default maximum of 10', () => {
    const state = sectionOf([20]);
    expect(run(state, best('b', 10)).outcome).toMatchObject({ kind: 'SeatsReserved' });
  });

  it('honours a configured maximum', () => {
    const state = sectionOf([20]);
    const options = { maxQuantity: 4 };
    expect(run(state, best('b', 5), options).outcome).toMatchObject({ code: 'QUANTITY_INVALID' });
    expect(run(state, best('c', 4), options).outcome).toMatchObject({ kind: 'SeatsReserved' });
  });

  it('rejects a manual request with no seats or too many', () => {
    const state = sectionOf([20]);
    expect(run(state, manual('m', [])).outcome).toMatchObject({ code: 'QUANTITY_INVALID' });
    const eleven = Array.from({ length: 11 }, (_, i) => `A-R1-${i + 1}`);
    expect(run(state, manual('m', eleven)).outcome).toMatchObject({ code: 'QUANTITY_INVALID' });
  });
});
