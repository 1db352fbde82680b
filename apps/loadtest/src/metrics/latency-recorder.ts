/**
 * Latency and throughput as a run goes: one HDR histogram for the whole run (microsecond
 * resolution, 3 significant digits) and one per second of the run, for the charts.
 * Latencies are recorded in ms (floats) and stored as integer microseconds.
 */
import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** One second of a run: completions and their latency percentiles. */
export interface SecondSample {
  second: number;
  completed: number;
  ok: number;
  p50Ms: number;
  p99Ms: number;
}

const newHistogram = (digits: 2 | 3): Histogram =>
  build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: digits,
  });

const ms = (micros: number) => Math.round(micros / 10) / 100;

export class LatencyRecorder {
  private readonly all = newHistogram(3);
  private readonly perSecond: { ok: number; failed: number; histogram: Histogram }[] = [];
  readonly startedAt: number;

  constructor(now = performance.now()) {
    this.startedAt = now;
  }

  /** One completed request: its latency in ms, whether it succeeded, and when it completed. */
  record(latencyMs: number, ok: boolean, at = performance.now()): void {
    const micros = Math.max(1, Math.round(latencyMs * 1000));
    this.all.recordValue(micros);
    const second = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    while (this.perSecond.length <= second)
      this.perSecond.push({ ok: 0, failed: 0, histogram: newHistogram(2) });
    const bucket = this.perSecond[second]!;
    bucket.histogram.recordValue(micros);
    if (ok) bucket.ok++;
    else bucket.failed++;
  }

  get count(): number {
    return this.all.totalCount;
  }

  summary(): LatencySummary {
    const h = this.all;
    const at = (p: number) => (h.totalCount === 0 ? 0 : ms(h.getValueAtPercentile(p)));
    return {
      count: h.totalCount,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: h.totalCount === 0 ? 0 : ms(h.maxValue),
      meanMs: h.totalCount === 0 ? 0 : ms(h.mean),
    };
  }

  /** The latency distribution as (percentile, ms) points, for the percentile chart. */
  percentileCurve(): { percentile: number; ms: number }[] {
    if (this.all.totalCount === 0) return [];
    const points = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];
    return points.map((p) => ({ percentile: p, ms: ms(this.all.getValueAtPercentile(p)) }));
  }

  timeline(): SecondSample[] {
    return this.perSecond.map((b, second) => ({
      second,
      completed: b.ok + b.failed,
      ok: b.ok,
      p50Ms: b.histogram.totalCount ? ms(b.histogram.getValueAtPercentile(50)) : 0,
      p99Ms: b.histogram.totalCount ? ms(b.histogram.getValueAtPercentile(99)) : 0,
    }));
  }
}
