import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend as ChartLegend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { EventAnalytics, EventView } from '@shared/contracts';
import { api, ApiError, dateTime, money } from '../../api';
import { useEventStream } from '../../sse';
import { Legend, SEAT_COLOURS, SeatCanvas } from '../../seat-map/seat-canvas';
import { SectionOverview } from '../../seat-map/section-overview';
import { SeatMap } from '../../seat-map/seat-model';
import { loginFirst } from '../account-pages';

interface SeatStatusPage {
  seats: { seatId: string; status: 'RESERVED' | 'SOLD' }[];
  nextAfter: string | null;
}

/**
 * The seat-status map of the seller's event, from event-ticketing's seat-status view (held and
 * sold seats, paged by key). It is re-read whenever the analytics stream says sales moved, at
 * most one read at a time, so it follows holds and sales live; returns the map's version.
 */
function useSeatStatus(
  path: string,
  map: SeatMap | undefined,
  analytics: EventAnalytics | undefined,
): number {
  const [version, setVersion] = useState(0);
  const reading = useRef<Promise<void> | undefined>(undefined);
  const again = useRef(false);
  // Read when a page of seats arrives, so the sections' figures are the latest, not those
  // of the render that started the read.
  const latestSections = useEffectEvent(() => analytics?.sections ?? []);

  useEffect(() => {
    if (!map || !analytics) return;
    const read = async () => {
      const seats: SeatStatusPage['seats'] = [];
      let after: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '2000', ...(after ? { after } : {}) });
        const page: SeatStatusPage = await api<SeatStatusPage>(`${path}/seat-status?${query}`);
        seats.push(...page.seats);
        after = page.nextAfter;
      } while (after);
      map.applyHeld(seats, latestSections());
      setVersion(map.version);
    };
    const loop = async () => {
      do {
        again.current = false;
        await read().catch(() => undefined);
      } while (again.current);
      reading.current = undefined;
    };
    if (reading.current) again.current = true;
    else reading.current = loop();
  }, [path, map, analytics]);

  return version;
}

function minuteLabel(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/**
 * A seller's live view of one event: totals, per-section sold/held/available, revenue and sales
 * per minute from the analytics stream, and the seat map as buyers see it.
 */
export function DashboardPage({ id }: { id: string }) {
  const [event, setEvent] = useState<EventView>();
  const [analytics, setAnalytics] = useState<EventAnalytics>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string>();
  const path = `/api/events/${encodeURIComponent(id)}`;

  useEffect(() => {
    api<EventView>(path).then(
      (e) => {
        setEvent(e);
        setChosen(e.layout[0]?.name);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) loginFirst();
        else setError((err as Error).message);
      },
    );
  }, [path]);

  const published = event?.status === 'PUBLISHED';
  const streamState = useEventStream(published ? `${path}/analytics/stream` : undefined, {
    analytics: (data) => setAnalytics(data as EventAnalytics),
  });
  const map = useMemo(
    () => (published ? new SeatMap(event.layout) : undefined),
    [published, event],
  );
  const version = useSeatStatus(path, map, analytics);
  const section = chosen ? map?.section(chosen) : undefined;

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!event) return <p aria-busy="true">Loading…</p>;
  if (!published)
    return (
      <section>
        <h1>{event.name}</h1>
        <p>
          This event is a draft.{' '}
          <a href={`#/sell/${encodeURIComponent(id)}/edit`}>Edit and publish it</a> to start
          selling.
        </p>
        <ul className="draft-capacity" data-testid="draft-capacity">
          {event.sections.map((s) => (
            <li key={s.name}>
              Section {s.name}: {s.capacity} seats at {money(s.price)}
            </li>
          ))}
        </ul>
      </section>
    );

  const totals = analytics?.totals;
  const perSection = analytics?.sections ?? [];
  const perMinute = (analytics?.salesPerMinute ?? []).map((m) => ({
    minute: minuteLabel(m.minute),
    seats: m.seats,
    revenue: m.revenueCents / 100,
  }));

  return (
    <section>
      <h1>{event.name}</h1>
      <p className="muted">
        {event.venue} · {dateTime(event.startsAt)} ·{' '}
        <span data-testid="analytics-state" data-state={streamState}>
          {streamState === 'open' ? '● Live' : 'Connecting…'}
        </span>{' '}
        · <a href={`#/sell/${encodeURIComponent(id)}/orders`}>Orders</a>
      </p>
      <dl className="tiles" aria-label="Totals">
        <div>
          <dt>Sold</dt>
          <dd data-testid="total-sold">{totals?.sold ?? '…'}</dd>
        </div>
        <div>
          <dt>Held</dt>
          <dd data-testid="total-reserved">{totals?.reserved ?? '…'}</dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd data-testid="total-available">{totals?.available ?? '…'}</dd>
        </div>
        <div>
          <dt>Revenue</dt>
          <dd data-testid="total-revenue">{totals ? money(totals.revenueCents) : '…'}</dd>
        </div>
        <div>
          <dt>Holds paid / expired</dt>
          <dd>{analytics ? `${analytics.holds.converted} / ${analytics.holds.expired}` : '…'}</dd>
        </div>
      </dl>
      <div className="charts">
        <figure className="card chart">
          <figcaption>Seats per section</figcaption>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={perSection} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <ChartLegend formatter={(value) => <span className="chart-legend">{value}</span>} />
              <Bar
                dataKey="sold"
                name="Sold"
                stackId="s"
                fill={SEAT_COLOURS.sold}
                isAnimationActive={false}
              />
              <Bar
                dataKey="reserved"
                name="Held"
                stackId="s"
                fill={SEAT_COLOURS.reserved}
                isAnimationActive={false}
              />
              <Bar
                dataKey="available"
                name="Available"
                stackId="s"
                fill={SEAT_COLOURS.available}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="card chart">
          <figcaption>Revenue per section ($)</figcaption>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart
              data={perSection.map((s) => ({ name: s.name, revenue: s.revenueCents / 100 }))}
              accessibilityLayer
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis />
              <Tooltip />
              <Bar dataKey="revenue" name="Revenue ($)" fill="#0b57d0" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="card chart">
          <figcaption>Seats sold per minute</figcaption>
          {perMinute.length === 0 ? (
            <p className="muted">No sales yet.</p>
          ) : (
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={perMinute} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="minute" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="seats" name="Seats sold" fill="#8250df" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </figure>
      </div>
      <h2>Seat status</h2>
      {map && <SectionOverview sections={map.sections} chosen={chosen} onChoose={setChosen} />}
      {section && (
        <>
          <h3>Section {section.name}</h3>
          <Legend />
          <SeatCanvas
            key={section.name}
            section={section}
            version={version}
            label={`Seat status of section ${section.name}`}
          />
        </>
      )}
    </section>
  );
}
