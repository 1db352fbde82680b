/**
 * Run reports: a JSON file with every figure, an HTML page with the charts, and a table for the
 * terminal. Every command that measures something ends here, interrupted or not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencyRecorder, LatencySummary, SecondSample } from '../metrics/latency-recorder';
import { lineChart } from './svg-chart';

export interface RunReport {
  command: string;
  startedAt: string;
  finishedAt: string;
  /** True when Ctrl-C (or a deadline) ended the run before its natural end. */
  interrupted: boolean;
  /** Headline figures, shown first in the table and the page. */
  figures: Record<string, string | number | boolean>;
  latency: LatencySummary;
  percentiles: { percentile: number; ms: number }[];
  timeline: SecondSample[];
  /** Anything command-specific (rejections by reason, parameters, ...). */
  details: Record<string, unknown>;
}

export function buildReport(
  command: string,
  recorder: LatencyRecorder,
  startedAt: Date,
  extra: Pick<RunReport, 'interrupted' | 'figures' | 'details'>,
): RunReport {
  return {
    command,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ...extra,
    latency: recorder.summary(),
    percentiles: recorder.percentileCurve(),
    timeline: recorder.timeline(),
  };
}

const esc = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The page: headline figures, throughput over time, latency over time and the percentile curve. */
export function renderHtml(report: RunReport, extraSections: string[] = []): string {
  const throughput = lineChart({
    title: 'Throughput over time',
    xLabel: 'second of the run',
    yLabel: 'completed per second',
    series: [
      { name: 'completed', points: report.timeline.map((t) => [t.second, t.completed]) },
      { name: 'succeeded', points: report.timeline.map((t) => [t.second, t.ok]) },
    ],
  });
  const latencyOverTime = lineChart({
    title: 'Latency over time',
    xLabel: 'second of the run',
    yLabel: 'ms',
    series: [
      { name: 'p50', points: report.timeline.map((t) => [t.second, t.p50Ms]) },
      { name: 'p99', points: report.timeline.map((t) => [t.second, t.p99Ms]) },
    ],
  });
  // Percentiles on a "nines" axis: x = log10(1 / (1 - p)), so p99 and p99.9 get room.
  const nines = (p: number) => Math.log10(1 / Math.max(1e-5, 1 - p / 100));
  const curve = lineChart({
    title: 'Latency by percentile',
    xLabel: 'percentile',
    yLabel: 'ms',
    series: [
      { name: 'latency', points: report.percentiles.map((p) => [nines(p.percentile), p.ms]) },
    ],
    xTicks: [0, 50, 90, 99, 99.9, 99.99].map((p) => ({ value: nines(p), label: `${p}%` })),
  });
  const rows = Object.entries({ ...report.figures, ...flatLatency(report.latency) })
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadtest ${esc(report.command)}</title>
<style>body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#111}
table{border-collapse:collapse}th,td{padding:2px 12px;border-bottom:1px solid #eee;text-align:left}
pre{background:#f6f6f6;padding:8px;overflow:auto}</style></head>
<body><h1>loadtest ${esc(report.command)}</h1>
<p>${esc(report.startedAt)} to ${esc(report.finishedAt)}${report.interrupted ? ' <strong>(interrupted)</strong>' : ''}</p>
<table>${rows}</table>
${throughput}
${latencyOverTime}
${curve}
${extraSections.join('\n')}
<h2>Details</h2><pre>${esc(JSON.stringify(report.details, null, 2))}</pre>
</body></html>
`;
}

function flatLatency(l: LatencySummary): Record<string, number> {
  return {
    'requests measured': l.count,
    'p50 ms': l.p50Ms,
    'p95 ms': l.p95Ms,
    'p99 ms': l.p99Ms,
    'p99.9 ms': l.p999Ms,
    'max ms': l.maxMs,
  };
}

/** Writes `<dir>/<name>.json` and `<dir>/<name>.html`; returns their paths. */
export function writeReport(
  dir: string,
  name: string,
  report: RunReport,
  extraSections: string[] = [],
): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const html = join(dir, `${name}.html`);
  writeFileSync(json, JSON.stringify(report, null, 2));
  writeFileSync(html, renderHtml(report, extraSections));
  return { json, html };
}

/** A plain aligned table for the terminal (no colours: it goes into logs and CI output too). */
export function formatTable(rows: Record<string, string | number | boolean>[]): string {
  if (rows.length === 0) return '';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

/** The terminal summary of a run: figures then latency, as a two-column table. */
export function summaryTable(report: RunReport): string {
  const entries = Object.entries({ ...report.figures, ...flatLatency(report.latency) });
  return formatTable(entries.map(([figure, value]) => ({ figure, value })));
}

/**
 * The end of a buyers' run (spike, ramp): writes the report as `<kind>-<start time>` and prints
 * the summary table, the rejections by reason (most frequent first) and where the files are.
 */
export function publishRunReport(
  kind: string,
  dir: string,
  started: Date,
  report: RunReport,
  rejections: Record<string, number>,
): void {
  const files = writeReport(dir, `${kind}-${started.toISOString().replace(/[:.]/g, '-')}`, report);
  console.log(summaryTable(report));
  console.log('rejections by reason:');
  for (const [reason, n] of Object.entries(rejections).sort((a, b) => b[1] - a[1]))
    console.log(`  ${reason}: ${n}`);
  console.log(`report: ${files.html}, ${files.json}`);
}
