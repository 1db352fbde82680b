import { useEffect, useRef } from 'react';
import type { SectionInput } from '@shared/contracts';

const WIDTH = 640;
const GAP = 16;

/**
 * The layout as it will look, redrawn on every edit: sections side by side (wrapping), every
 * seat a dot, rows centred. Scaled to fit; it is a preview, not the pickable map.
 */
export function LayoutPreview({ sections }: { sections: readonly SectionInput[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const seats = sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats, 0), 0);

  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const perLine = Math.max(1, Math.min(sections.length, 3));
    const boxWidth = (WIDTH - GAP * (perLine + 1)) / perLine;
    const cells = sections.map((s) => {
      const widest = Math.max(1, ...s.rows.map((r) => r.seats));
      return Math.max(0.5, Math.min(16, boxWidth / widest));
    });
    const boxHeights = sections.map((s, i) => s.rows.length * cells[i]! + 22);
    const lines = Math.ceil(sections.length / perLine);
    let height = 40;
    for (let l = 0; l < lines; l++)
      height += Math.max(0, ...boxHeights.slice(l * perLine, (l + 1) * perLine)) + GAP;
    const dpr = window.devicePixelRatio || 1;
    c.width = WIDTH * dpr;
    c.height = height * dpr;
    c.style.height = `${height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, WIDTH, height);
    ctx.fillStyle = '#57606a';
    ctx.fillRect(WIDTH / 2 - 80, 6, 160, 20);
    ctx.fillStyle = '#fff';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('STAGE', WIDTH / 2, 20);
    let y = 40;
    for (let l = 0; l < lines; l++) {
      const line = sections.slice(l * perLine, (l + 1) * perLine);
      line.forEach((s, j) => {
        const i = l * perLine + j;
        const cell = cells[i]!;
        const x0 = GAP + j * (boxWidth + GAP);
        ctx.fillStyle = '#24292f';
        ctx.textAlign = 'left';
        ctx.fillText(`${s.name} (${s.rows.reduce((m, r) => m + r.seats, 0)})`, x0, y + 10);
        const widest = Math.max(1, ...s.rows.map((r) => r.seats));
        ctx.fillStyle = '#1a7f37';
        s.rows.forEach((r, ri) => {
          const left = x0 + ((widest - r.seats) * cell) / 2;
          const size = cell > 3 ? cell - 1 : cell;
          for (let n = 0; n < r.seats; n++)
            ctx.fillRect(left + n * cell, y + 18 + ri * cell, size, size);
        });
      });
      y += Math.max(0, ...boxHeights.slice(l * perLine, (l + 1) * perLine)) + GAP;
    }
  }, [sections]);

  return (
    <figure className="preview">
      <canvas
        ref={ref}
        style={{ width: '100%', maxWidth: WIDTH }}
        role="img"
        aria-label={`Preview: ${sections.length} sections, ${seats} seats`}
        data-testid="layout-preview"
      />
      <figcaption className="muted small">
        {sections.length} section{sections.length === 1 ? '' : 's'} · {seats.toLocaleString()} seats
      </figcaption>
    </figure>
  );
}
