/** The side-by-side benchmark's report: JSON with every figure, HTML with the comparison charts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OnSaleResult } from '../bench/onsale-runner';
import { barChart, lineChart } from './svg-chart';

export function writeBenchReport(
  dir: string,
  results: OnSaleResult[],
  context: Record<string, unknown>,
): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = join(dir, `bench-${stamp}.json`);
  const html = join(dir, `bench-${stamp}.html`);
  const figures = results.map(({ recorder, ...r }) => ({
    ...r,
    percentiles: recorder.percentileCurve(),
    timeline: recorder.timeline(),
  }));
  writeFileSync(
    json,
    JSON.stringify({ at: new Date().toISOString(), context, results: figures }, null, 2),
  );
  const designs = results.map((r) => r.design);
  const charts = [
    barChart({
      title: 'Bookings per second (higher is better)',
      yLabel: 'bookings/s',
      categories: designs,
      series: [{ name: 'bookings/s', values: results.map((r) => r.bookingsPerSec) }],
    }),
    barChart({
      title: 'Latency, request to decision (lower is better)',
      yLabel: 'ms',
      categories: designs,
      series: [
        { name: 'p50', values: results.map((r) => r.latency.p50Ms) },
        { name: 'p99', values: results.map((r) => r.latency.p99Ms) },
      ],
    }),
    lineChart({
      title: 'Decisions per second over the on-sale',
      xLabel: 'second',
      yLabel: 'requests decided per second',
      series: figures.map((f) => ({
        name: f.design,
        points: f.timeline.map((t) => [t.second, t.completed] as const),
      })),
    }),
  ];
  const rows = figures
    .map(
      (r) =>
        `<tr><td>${r.design}</td><td>${r.bookingsPerSec}</td><td>${r.latency.p50Ms}</td><td>${r.latency.p99Ms}</td>` +
        `<td>${r.selloutMs}</td><td>${r.seatsSold}/${r.capacity}</td><td>${r.seatsOwnedTwice}</td><td>${r.description}</td></tr>`,
    )
    .join('\n');
  writeFileSync(
    html,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>on-sale bench</title>
<style>body{font-family:sans-serif;max-width:760px;margin:2em auto}td,th{padding:2px 8px;border-bottom:1px solid #eee}</style>
</head><body><h1>On-sale benchmark</h1><pre>${JSON.stringify(context, null, 2)}</pre>
<table><tr><th>design</th><th>bookings/s</th><th>p50 ms</th><th>p99 ms</th><th>sellout ms</th><th>seats</th><th>sold twice</th><th>how</th></tr>
${rows}</table>
${charts.join('\n')}
</body></html>
`,
  );
  return { json, html };
}
