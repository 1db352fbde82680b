/**
 * Charts as inline SVG strings: the HTML report is one self-contained file (no CDN, no script),
 * readable offline and attachable to an issue.
 */

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];
const W = 720;
const H = 300;
const PAD = { left: 64, right: 16, top: 36, bottom: 44 };

const esc = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A round step for axis ticks: 1, 2 or 5 times a power of ten, about `count` ticks. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

const label = (v: number) =>
  Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v * 100) / 100);

/** A line chart of one or more series; `logX` for percentile curves (x as 1/(1-p)). */
export function lineChart(opts: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xTicks?: { value: number; label: string }[];
}): string {
  const all = opts.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const xMin = Math.min(0, ...all.map((p) => p[0]));
  const yStep = niceStep(Math.max(1e-9, ...all.map((p) => p[1])), 5);
  const yMax = Math.max(yStep, Math.ceil(Math.max(0, ...all.map((p) => p[1])) / yStep) * yStep);
  const x = (v: number) =>
    PAD.left + ((v - xMin) / (xMax - xMin || 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`,
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${label(v)}</text>`,
    );
  }
  const xTicks =
    opts.xTicks ??
    (() => {
      const step = niceStep(xMax - xMin, 8);
      const ticks: { value: number; label: string }[] = [];
      for (let v = Math.ceil(xMin / step) * step; v <= xMax; v += step)
        ticks.push({ value: v, label: label(v) });
      return ticks;
    })();
  for (const t of xTicks) {
    parts.push(
      `<text x="${x(t.value)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`,
    );
  }
  opts.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const d = s.points.map(
      (p, k) => `${k === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`,
    );
    if (d.length > 0)
      parts.push(`<path d="${d.join('')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    parts.push(
      `<rect x="${PAD.left + 10 + i * 150}" y="19" width="12" height="12" fill="${color}"/>`,
      `<text x="${PAD.left + 26 + i * 150}" y="29">${esc(s.name)}</text>`,
    );
  });
  return svg(opts.title, opts.xLabel, opts.yLabel, parts);
}

/** A grouped bar chart: one group per category, one bar per series. */
export function barChart(opts: {
  title: string;
  yLabel: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}): string {
  const max = Math.max(1e-9, ...opts.series.flatMap((s) => s.values));
  const yStep = niceStep(max, 5);
  const yMax = Math.ceil(max / yStep) * yStep;
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const groupW = (W - PAD.left - PAD.right) / opts.categories.length;
  const barW = (groupW * 0.7) / opts.series.length;
  const parts: string[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`,
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${label(v)}</text>`,
    );
  }
  opts.categories.forEach((c, g) => {
    const left = PAD.left + g * groupW + groupW * 0.15;
    parts.push(
      `<text x="${left + groupW * 0.35}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(c)}</text>`,
    );
    opts.series.forEach((s, i) => {
      const v = s.values[g] ?? 0;
      parts.push(
        `<rect x="${left + i * barW}" y="${y(v)}" width="${barW - 2}" height="${y(0) - y(v)}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${left + i * barW + barW / 2}" y="${y(v) - 4}" text-anchor="middle">${label(v)}</text>`,
      );
    });
  });
  opts.series.forEach((s, i) =>
    parts.push(
      `<rect x="${PAD.left + 10 + i * 150}" y="19" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${PAD.left + 26 + i * 150}" y="29">${esc(s.name)}</text>`,
    ),
  );
  return svg(opts.title, '', opts.yLabel, parts);
}

function svg(title: string, xLabel: string, yLabel: string, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="13" font-size="13" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#111"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#111"/>`,
    `<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${(H - PAD.bottom + PAD.top) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    '</svg>',
  ].join('\n');
}
