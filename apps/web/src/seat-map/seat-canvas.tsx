import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { money } from '../api';
import { AVAILABLE, RESERVED, seatId, type SectionModel } from './seat-model';

/** Colours with readable contrast on white, and never the only cue (see the legend). */
export const SEAT_COLOURS = {
  available: '#1a7f37',
  reserved: '#b35900',
  sold: '#6e7781',
  selected: '#0b57d0',
  focus: '#111111',
};

const LABEL_WIDTH = 34;
const PAD = 6;
const MAX_HEIGHT = 460;

interface Props {
  section: SectionModel;
  /** The map's version: a new value redraws. */
  version: number;
  selected?: ReadonlySet<string>;
  /** Click-to-pick; without it the map is read-only (the seller's view). */
  onToggle?: (seat: string) => void;
  label: string;
}

/**
 * One section drawn to scale on a canvas, row by row, each row centred. Only the visible part
 * is drawn (the canvas is the size of the viewport and moves with the scroll), so a section of
 * any size costs the same per frame. The last draw's duration is shown and kept in
 * data-draw-ms: that is the frame-time measurement.
 */
export function SeatCanvas({ section, version, selected, onToggle, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(600);
  const [focus, setFocus] = useState<{ row: number; seat: number }>({ row: 0, seat: 1 });
  const drawInfo = useRef<HTMLSpanElement>(null);
  const frame = useRef(0);

  const cell = Math.max(
    7,
    Math.min(24, Math.floor((width - LABEL_WIDTH - PAD * 2) / section.maxSeats)),
  );
  const fullWidth = LABEL_WIDTH + PAD * 2 + section.maxSeats * cell;
  const fullHeight = PAD * 2 + section.rows.length * cell;
  const viewHeight = Math.min(fullHeight, MAX_HEIGHT);
  /** A section narrower than the view is centred in it. */
  const originX = Math.max(0, Math.floor((width - fullWidth) / 2));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  /** The seat under a point of the full (unscrolled) drawing, if any. */
  const seatAt = useCallback(
    (x0: number, y: number) => {
      const x = x0 - originX;
      const row = Math.floor((y - PAD) / cell);
      const r = section.rows[row];
      if (!r || y < PAD) return undefined;
      const left = LABEL_WIDTH + PAD + ((section.maxSeats - r.seats) * cell) / 2;
      const seat = Math.floor((x - left) / cell) + 1;
      if (seat < 1 || seat > r.seats) return undefined;
      return { row, seat };
    },
    [section, cell, originX],
  );

  const draw = useCallback(() => {
    const el = scroller.current;
    const c = canvas.current;
    if (!el || !c) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const w = el.clientWidth;
    const h = el.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    const sx = el.scrollLeft;
    const sy = el.scrollTop;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.translate(originX - sx, -sy);
    const firstRow = Math.max(0, Math.floor((sy - PAD) / cell));
    const lastRow = Math.min(section.rows.length - 1, Math.ceil((sy + h - PAD) / cell));
    const size = cell > 9 ? cell - 2 : cell - 1;
    const { status } = section;
    ctx.font = `${Math.min(12, cell)}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (let r = firstRow; r <= lastRow; r++) {
      const row = section.rows[r]!;
      const y = PAD + r * cell;
      ctx.fillStyle = '#444';
      if (cell >= 9) ctx.fillText(row.label, sx + 4, y + cell / 2, LABEL_WIDTH - 6);
      const left = LABEL_WIDTH + PAD + ((section.maxSeats - row.seats) * cell) / 2;
      const first = Math.max(1, Math.floor((sx - left) / cell));
      const last = Math.min(row.seats, Math.ceil((sx + w - left) / cell) + 1);
      for (let n = first; n <= last; n++) {
        const s = status[row.offset + n - 1];
        const id = selected && selected.size > 0 ? seatId(section.name, row.label, n) : '';
        ctx.fillStyle = selected?.has(id)
          ? SEAT_COLOURS.selected
          : s === AVAILABLE
            ? SEAT_COLOURS.available
            : s === RESERVED
              ? SEAT_COLOURS.reserved
              : SEAT_COLOURS.sold;
        ctx.fillRect(left + (n - 1) * cell, y, size, size);
      }
    }
    if (onToggle && document.activeElement === c) {
      const row = section.rows[focus.row];
      if (row) {
        const left = LABEL_WIDTH + PAD + ((section.maxSeats - row.seats) * cell) / 2;
        ctx.strokeStyle = SEAT_COLOURS.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(left + (focus.seat - 1) * cell - 1, PAD + focus.row * cell - 1, cell, cell);
      }
    }
    const ms = performance.now() - started;
    c.dataset['drawMs'] = ms.toFixed(2);
    // Written straight to the DOM: a React update per scrolled frame would cost more than the draw.
    if (drawInfo.current) drawInfo.current.textContent = `drawn in ${ms.toFixed(1)} ms`;
  }, [section, cell, selected, focus, onToggle, originX]);

  const schedule = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    schedule();
    return () => cancelAnimationFrame(frame.current);
  }, [schedule, version, width]);

  const pick = (row: number, seat: number) => {
    const r = section.rows[row];
    if (!r || !onToggle) return;
    onToggle(seatId(section.name, r.label, seat));
  };

  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    const el = scroller.current!;
    const rect = el.getBoundingClientRect();
    const hit = seatAt(
      e.clientX - rect.left - el.clientLeft + el.scrollLeft,
      e.clientY - rect.top - el.clientTop + el.scrollTop,
    );
    if (!hit) return;
    if (onToggle) canvas.current?.focus({ preventScroll: true });
    setFocus(hit);
    pick(hit.row, hit.seat);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    if (!onToggle) return;
    let { row, seat } = focus;
    if (e.key === 'ArrowRight') seat++;
    else if (e.key === 'ArrowLeft') seat--;
    else if (e.key === 'ArrowDown') row++;
    else if (e.key === 'ArrowUp') row--;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(row, seat);
      return;
    } else return;
    e.preventDefault();
    row = Math.max(0, Math.min(section.rows.length - 1, row));
    seat = Math.max(1, Math.min(section.rows[row]!.seats, seat));
    setFocus({ row, seat });
    const el = scroller.current!;
    const y = PAD + row * cell;
    if (y < el.scrollTop) el.scrollTop = y;
    if (y + cell > el.scrollTop + viewHeight) el.scrollTop = y + cell - viewHeight;
  };

  const focusRow = section.rows[focus.row];
  const focusIndex = focusRow ? focusRow.offset + focus.seat - 1 : -1;
  const focusStatus = section.status[focusIndex];
  const focusId = focusRow ? seatId(section.name, focusRow.label, focus.seat) : '';
  const focusText = focusRow
    ? `Row ${focusRow.label}, seat ${focus.seat}: ${
        selected?.has(focusId)
          ? 'selected'
          : focusStatus === AVAILABLE
            ? 'available'
            : focusStatus === RESERVED
              ? 'held by another buyer'
              : 'sold'
      }, ${money(section.price)}`
    : '';

  return (
    <div className="seat-canvas">
      <div className="seat-stage">
        <div
          ref={scroller}
          className="seat-scroller"
          style={{ height: viewHeight + 2 }}
          onScroll={schedule}
          onClick={onClick}
        >
          <div style={{ width: fullWidth + originX, height: fullHeight }} />
        </div>
        {/* Over the scroller, not inside it: a canvas moved with the scroll would widen the
            scrollable area it sits in. Pointer events fall through to the scroller. */}
        <canvas
          ref={canvas}
          className="seat-layer"
          data-testid="seat-canvas"
          data-section={section.name}
          tabIndex={onToggle ? 0 : -1}
          role={onToggle ? 'application' : 'img'}
          aria-label={
            onToggle
              ? `${label}. Arrow keys move between seats, Enter or Space picks the seat.`
              : label
          }
          onKeyDown={onKeyDown}
          onFocus={schedule}
          onBlur={schedule}
        />
      </div>
      {onToggle && (
        <p className="seat-focus" aria-live="polite">
          {focusText}
        </p>
      )}
      <p className="muted small" data-testid="draw-time">
        {section.capacity.toLocaleString()} seats · <span ref={drawInfo}>drawn</span>
      </p>
    </div>
  );
}

export function Legend({ picking }: { picking?: boolean }) {
  const items: [string, string][] = [
    ['Available', SEAT_COLOURS.available],
    ['Held', SEAT_COLOURS.reserved],
    ['Sold', SEAT_COLOURS.sold],
    ...(picking ? ([['Your pick', SEAT_COLOURS.selected]] as [string, string][]) : []),
  ];
  return (
    <ul className="legend" aria-label="Seat colours">
      {items.map(([name, colour]) => (
        <li key={name}>
          <span className="swatch" style={{ background: colour }} aria-hidden="true" />
          {name}
        </li>
      ))}
    </ul>
  );
}
