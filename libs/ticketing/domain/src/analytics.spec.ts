import { summarizeSales } from './analytics';

describe('sales analytics fold', () => {
  it('counts seats per status and revenue of sold seats only, per section and in total', () => {
    const out = summarizeSales(
      [
        { section: 'A', status: 'AVAILABLE', seats: 7, cents: 700 },
        { section: 'A', status: 'RESERVED', seats: 2, cents: 200 },
        { section: 'A', status: 'SOLD', seats: 1, cents: 100 },
        { section: 'B', status: 'SOLD', seats: 3, cents: 1500 },
      ],
      ['A', 'B', 'C'],
    );
    expect(out.sections).toEqual([
      { name: 'A', capacity: 10, available: 7, reserved: 2, sold: 1, revenueCents: 100 },
      { name: 'B', capacity: 3, available: 0, reserved: 0, sold: 3, revenueCents: 1500 },
      { name: 'C', capacity: 0, available: 0, reserved: 0, sold: 0, revenueCents: 0 },
    ]);
    expect(out.totals).toEqual({
      capacity: 13,
      available: 7,
      reserved: 2,
      sold: 4,
      revenueCents: 1600,
    });
  });
});
