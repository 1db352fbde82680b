import type { SectionInput } from '@shared/contracts';
import { expandSeats, layoutProblems, seatCount } from './layout';

const section = (name: string, rows: number, seats: number, price = 5000): SectionInput => ({
  name,
  price,
  rows: Array.from({ length: rows }, (_, i) => ({ label: `R${i + 1}`, seats })),
});

describe('seating layout rules', () => {
  it('accepts a layout of distinct sections within the seat bound', () => {
    expect(layoutProblems([section('A', 2, 10), section('B', 1, 5)])).toEqual([]);
  });

  it('names a section used twice', () => {
    expect(layoutProblems([section('A', 1, 1), section('A', 1, 1)])).toEqual([
      'section name "A" is used twice',
    ]);
  });

  it('refuses a section above 10,000 seats (one changelog record), and accepts exactly 10,000', () => {
    expect(layoutProblems([section('A', 20, 500)])).toEqual([]);
    expect(layoutProblems([section('A', 21, 500)])).toEqual([
      'section "A" has 10500 seats; at most 10000 are allowed in one section (split it into several)',
    ]);
  });

  it('refuses more than 10,000 rows in one event (its catalog record carries them all)', () => {
    const sections = Array.from({ length: 21 }, (_, i) => section(`S${i}`, 500, 1));
    expect(layoutProblems(sections)).toEqual([
      'the event has 10500 rows; at most 10000 are allowed',
    ]);
    expect(layoutProblems(sections.slice(1))).toEqual([]);
  });

  it('refuses more than 100,000 seats in one event, and accepts exactly 100,000', () => {
    const twoHundredSections = (seats: number) =>
      Array.from({ length: 200 }, (_, i) => section(`S${i}`, 1, seats));
    expect(seatCount(twoHundredSections(500))).toBe(100_000);
    expect(layoutProblems(twoHundredSections(500))).toEqual([]);
    const over = [...twoHundredSections(500).slice(1), section('X', 2, 251)];
    expect(layoutProblems(over)).toEqual([
      'the event has 100002 seats; at most 100000 are allowed',
    ]);
  });

  it('refuses a repeated row label and a focal row past the last row', () => {
    const s: SectionInput = {
      name: 'A',
      price: 100,
      rows: [
        { label: '1', seats: 2 },
        { label: '1', seats: 2 },
      ],
      focal: { row: 5, seat: 1 },
    };
    expect(layoutProblems([s])).toEqual([
      'row "1" of section "A" is used twice',
      'focal row 5 of section "A" is past its last row',
    ]);
  });
});

describe('expanding a layout into seats', () => {
  it('gives every seat an id "<section>-<row>-<number>" and its section price', () => {
    const cols = expandSeats([section('A', 2, 2, 700), section('B', 1, 1, 300)]);
    expect(cols.seatId).toEqual(['A-R1-1', 'A-R1-2', 'A-R2-1', 'A-R2-2', 'B-R1-1']);
    expect(cols.priceCents).toEqual([700, 700, 700, 700, 300]);
    expect(cols.number).toEqual([1, 2, 1, 2, 1]);
    expect(new Set(cols.seatId).size).toBe(cols.seatId.length);
  });
});
