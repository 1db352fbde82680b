import { layoutCounts, summarizeSales } from './analytics';

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

describe('a draft has no tickets yet', () => {
  it("shows its layout's capacity per section, every seat available", () => {
    const layout = [
      {
        name: 'A',
        price: 100,
        rows: [
          { label: '1', seats: 4 },
          { label: '2', seats: 6 },
        ],
      },
      { name: 'B', price: 250, rows: [{ label: '1', seats: 3 }] },
    ];
    const out = summarizeSales(layoutCounts(layout), ['A', 'B']);
    expect(out.sections.map((s) => [s.name, s.capacity, s.available, s.sold])).toEqual([
      ['A', 10, 10, 0],
      ['B', 3, 3, 0],
    ]);
    expect(out.totals).toMatchObject({ capacity: 13, available: 13, revenueCents: 0 });
  });
});
