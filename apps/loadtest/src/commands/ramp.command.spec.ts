import { arrivalSchedule } from './ramp.command';

describe('the ramp arrival schedule', () => {
  it('rises linearly: the integral of the rate', () => {
    const s = arrivalSchedule({ fromRate: 10, toRate: 30, duration: 10, hold: 0 });
    // (10 + 30) / 2 * 10 s = 200 arrivals
    expect(s.length).toBeGreaterThanOrEqual(199);
    expect(s.length).toBeLessThanOrEqual(201);
    const firstSecond = s.filter((t) => t < 1000).length;
    const lastSecond = s.filter((t) => t >= 9000).length;
    expect(firstSecond).toBeGreaterThanOrEqual(10);
    expect(firstSecond).toBeLessThanOrEqual(12);
    expect(lastSecond).toBeGreaterThanOrEqual(28);
    expect(lastSecond).toBeLessThanOrEqual(30);
  });

  it('holds the top rate after the ramp, and is in time order', () => {
    const s = arrivalSchedule({ fromRate: 5, toRate: 20, duration: 2, hold: 3 });
    expect(s.filter((t) => t >= 2000).length).toBeGreaterThanOrEqual(59);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
  });
});
