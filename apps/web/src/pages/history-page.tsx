import { useEffect, useState } from 'react';
import type { BookingView, EventView } from '@shared/contracts';
import { api, ApiError, dateTime, money } from '../api';
import { loginFirst } from './account-pages';
import { Tickets } from './tickets';

const STATUS_TEXT: Record<BookingView['status'], string> = {
  PROCESSING: 'Finding seats',
  PENDING_PAYMENT: 'Waiting for payment',
  PAID: 'Paid',
  FAILED: 'Not possible',
  EXPIRED: 'Hold expired',
  CANCELLED: 'Released',
};

/** The buyer's bookings, newest first, with their tickets. */
export function HistoryPage() {
  const [bookings, setBookings] = useState<BookingView[]>();
  const [events, setEvents] = useState<Record<string, EventView>>({});
  const [error, setError] = useState<string>();

  useEffect(() => {
    api<{ bookings: BookingView[] }>('/api/bookings').then(
      async ({ bookings: list }) => {
        setBookings(list);
        const ids = [...new Set(list.map((b) => b.eventId))];
        const found = await Promise.all(
          ids.map((id) =>
            api<EventView>(`/api/events/${encodeURIComponent(id)}`).catch(() => undefined),
          ),
        );
        setEvents(Object.fromEntries(found.flatMap((e) => (e ? [[e.id, e]] : []))));
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) loginFirst();
        else setError((err as Error).message);
      },
    );
  }, []);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!bookings) return <p aria-busy="true">Loading your tickets…</p>;

  return (
    <section>
      <h1>My tickets</h1>
      {bookings.length === 0 && (
        <p>
          No bookings yet. <a href="#/events">Find an event</a>
        </p>
      )}
      <ul className="history">
        {bookings.map((b) => {
          const event = events[b.eventId];
          return (
            <li key={b.id} className="card" data-testid="history-booking" data-status={b.status}>
              <h2>
                <a href={`#/bookings/${encodeURIComponent(b.id)}`}>{event?.name ?? b.eventId}</a>
              </h2>
              <p>
                {event && `${event.venue} · ${dateTime(event.startsAt)} · `}
                <span className={`badge ${b.status.toLowerCase()}`}>{STATUS_TEXT[b.status]}</span>
                {b.totalCents > 0 && ` · ${money(b.totalCents)}`}
              </p>
              {b.status === 'PAID' && b.tickets && <Tickets tickets={b.tickets} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
