import { CreateEventBody, MAX_SEATS_PER_EVENT } from '@shared/contracts';
import { DEMO_SECTIONS, demoEventBody, seatTotal } from './demo-event';

describe('the demo event', () => {
  it('has four sections of different sizes and prices, 3,472 seats in all', () => {
    const sizes = DEMO_SECTIONS.map((s) => seatTotal([s]));
    expect(Object.fromEntries(DEMO_SECTIONS.map((s, i) => [s.name, sizes[i]]))).toEqual({
      Floor: 600,
      Lower_Bowl: 1000,
      Upper_Bowl: 1500,
      Balcony: 372, // 20 + 22 + ... + 42
    });
    expect(seatTotal(DEMO_SECTIONS)).toBe(3472);
    expect(new Set(DEMO_SECTIONS.map((s) => s.price)).size).toBe(DEMO_SECTIONS.length);
    expect(seatTotal(DEMO_SECTIONS)).toBeLessThan(MAX_SEATS_PER_EVENT);
  });

  it('is a valid create body starting four weeks ahead at 19:30 UTC', () => {
    const body = demoEventBody(new Date('2026-11-22T05:00:00Z'));
    expect(CreateEventBody.parse(body)).toEqual(body);
    expect(body.startsAt).toBe('2026-12-20T19:30:00.000Z');
  });

  it('gives each call its own copy of the layout', () => {
    const a = demoEventBody(new Date());
    a.sections[0]!.rows[0]!.seats = 1;
    expect(seatTotal(demoEventBody(new Date()).sections)).toBe(3472);
  });
});
