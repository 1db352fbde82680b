import type { CreateBookingBody, PublishedSection } from '@shared/contracts';
import { canTransition, chooseSection, isTerminal, priceSeats, sourcesOf } from './index';

const sections: PublishedSection[] = [
  {
    name: 'A',
    priceCents: 5000,
    category: 'gold',
    rows: [{ label: '1', seats: 10 }],
    partition: 3,
  },
  {
    name: 'B',
    priceCents: 3000,
    category: 'silver',
    rows: [{ label: '1', seats: 5 }],
    partition: 7,
  },
  {
    name: 'C',
    priceCents: 3100,
    category: 'silver',
    rows: [{ label: '1', seats: 5 }],
    partition: 1,
  },
];

describe('booking status transitions', () => {
  it('allows only the moves of the design', () => {
    expect(canTransition('PROCESSING', 'PENDING_PAYMENT')).toBe(true);
    expect(canTransition('PROCESSING', 'FAILED')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'PAID')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'EXPIRED')).toBe(true);
    expect(canTransition('PENDING_PAYMENT', 'CANCELLED')).toBe(true);
    expect(canTransition('PROCESSING', 'CANCELLED')).toBe(true);
    expect(canTransition('PROCESSING', 'PAID')).toBe(false);
    expect(canTransition('PROCESSING', 'EXPIRED')).toBe(false);
  });

  it('never moves PAID back nor revives EXPIRED; a repeated status is not a move', () => {
    for (const to of ['PROCESSING', 'PENDING_PAYMENT', 'EXPIRED', 'CANCELLED'] as const) {
      expect(canTransition('PAID', to)).toBe(false);
    }
    expect(canTransition('EXPIRED', 'PENDING_PAYMENT')).toBe(false);
    expect(canTransition('EXPIRED', 'PAID')).toBe(false);
    expect(canTransition('PENDING_PAYMENT', 'PENDING_PAYMENT')).toBe(false);
    expect(isTerminal('FAILED')).toBe(true);
    expect(sourcesOf('PENDING_PAYMENT')).toEqual(['PROCESSING']);
  });
});

describe('choosing the section of a request', () => {
  const ba = (extra: Partial<Extract<CreateBookingBody, { mode: 'best-available' }>>) =>
    ({ eventId: 'e1', mode: 'best-available', quantity: 2, ...extra }) as CreateBookingBody;

  it('takes a named section, the first of a category, else the first section', () => {
    expect(chooseSection(ba({ section: 'B' }), sections, 10)).toMatchObject({
      ok: true,
      section: { name: 'B' },
    });
    expect(chooseSection(ba({ category: 'silver' }), sections, 10)).toMatchObject({
      section: { name: 'B' },
    });
    expect(chooseSection(ba({}), sections, 10)).toMatchObject({ section: { name: 'A' } });
  });

  it('refuses unknown sections and categories and too many seats, with a code', () => {
    expect(chooseSection(ba({ section: 'Z' }), sections, 10)).toMatchObject({
      ok: false,
      code: 'BOOKING_SECTION_UNKNOWN',
    });
    expect(chooseSection(ba({ category: 'bronze' }), sections, 10)).toMatchObject({
      code: 'BOOKING_CATEGORY_UNKNOWN',
    });
    expect(chooseSection(ba({ section: 'A', category: 'silver' }), sections, 10)).toMatchObject({
      code: 'BOOKING_CATEGORY_UNKNOWN',
    });
    expect(chooseSection(ba({ quantity: 5 }), sections, 4)).toMatchObject({
      code: 'BOOKING_QUANTITY_INVALID',
    });
  });

  it('accepts manual seats of one section that exist, and refuses the rest', () => {
    const manual = (seats: string[]): CreateBookingBody => ({
      eventId: 'e1',
      mode: 'manual',
      seats,
    });
    expect(chooseSection(manual(['B-1-1', 'B-1-5']), sections, 10)).toMatchObject({
      ok: true,
      section: { name: 'B', partition: 7 },
    });
    expect(chooseSection(manual(['A-1-1', 'B-1-1']), sections, 10)).toMatchObject({
      code: 'BOOKING_SEATS_INVALID',
    });
    expect(chooseSection(manual(['B-1-6']), sections, 10)).toMatchObject({
      code: 'BOOKING_SEATS_INVALID',
    });
    expect(chooseSection(manual(['B-2-1']), sections, 10)).toMatchObject({
      code: 'BOOKING_SEATS_INVALID',
    });
    expect(chooseSection(manual(['B-1-1', 'B-1-1']), sections, 10)).toMatchObject({
      code: 'BOOKING_SEATS_INVALID',
    });
    expect(chooseSection(manual(['Z-1-1']), sections, 10)).toMatchObject({
      code: 'BOOKING_SECTION_UNKNOWN',
    });
  });

  it('prices every seat at its section price', () => {
    expect(priceSeats(['A-1-1', 'A-1-2'], { priceCents: 5000 })).toEqual({
      seats: [
        { seatId: 'A-1-1', priceCents: 5000 },
        { seatId: 'A-1-2', priceCents: 5000 },
      ],
      totalCents: 10000,
    });
  });
});
