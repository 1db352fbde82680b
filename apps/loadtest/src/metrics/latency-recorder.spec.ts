import { LatencyRecorder } from './latency-recorder';

describe('LatencyRecorder', () => {
  it('reports percentiles of what it recorded, to within HDR precision', () => {
    const r = new LatencyRecorder(0);
    for (let i = 1; i <= 1000; i++) r.record(i, true, i);
    const s = r.summary();
    expect(s.count).toBe(1000);
    expect(s.p50Ms).toBeGreaterThanOrEqual(499);
    expect(s.p50Ms).toBeLessThanOrEqual(501);
    expect(s.p99Ms).toBeGreaterThanOrEqual(989);
    expect(s.p99Ms).toBeLessThanOrEqual(991);
    expect(s.maxMs).toBeGreaterThanOrEqual(999);
  });

  it('counts completions per second of the run, failures apart', () => {
    const r = new LatencyRecorder(0);
    r.record(5, true, 100);
    r.record(5, false, 900);
    r.record(5, true, 2500);
    expect(r.timeline().map((t) => [t.completed, t.ok])).toEqual([
      [2, 1],
      [0, 0],
      [1, 1],
    ]);
  });
});
