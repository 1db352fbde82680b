import { capacityOf, generateOnSale, uniformPlan } from './onsale';

describe('the on-sale request stream', () => {
  const plan = uniformPlan('evt', 4, 5, 10);
  const stream = generateOnSale(plan);

  it('is the same stream on every run (seeded)', () => {
    expect(generateOnSale(plan)).toEqual(stream);
  });

  it('asks for 2-4 seats; best-available for 1 only for the last seat of a section', () => {
    const quantities = stream.map((r) => r.quantity);
    expect(Math.max(...quantities)).toBe(4);
    const small = stream.filter((r) => r.mode === 'best-available' && r.quantity < 2);
    expect(small.length).toBeLessThanOrEqual(plan.sections.length);
  });

  it('sells the simulated venue out, hottest section first, with some manual picks', () => {
    const granted = new Set(stream.flatMap((r) => r.seats ?? []));
    expect(granted.size).toBeGreaterThan(0);
    const bestSeats = stream
      .filter((r) => r.mode === 'best-available')
      .reduce((n, r) => n + r.quantity, 0);
    expect(bestSeats).toBeLessThanOrEqual(capacityOf(plan));
    const first = stream.slice(0, 40).filter((r) => r.section === 'S1').length;
    const last = stream.slice(0, 40).filter((r) => r.section === 'S4').length;
    expect(first).toBeGreaterThan(last);
    expect(stream.some((r) => r.mode === 'manual')).toBe(true);
  });
});
