import { useEffect, useState } from 'react';
import type { BookingStatus, EventView, OrderPage } from '@shared/contracts';
import { api, ApiError, dateTime, money, seatLabel } from '../../api';
import { loginFirst } from '../account-pages';

const PAGE_SIZE = 25;

const STATUS_TEXT: Record<BookingStatus, string> = {
  PROCESSING: 'Finding seats',
  PENDING_PAYMENT: 'Waiting for payment',
  PAID: 'Paid',
  FAILED: 'Not possible',
  EXPIRED: 'Hold expired',
  CANCELLED: 'Cancelled',
};
const STATUSES = Object.keys(STATUS_TEXT) as BookingStatus[];

/**
 * The seller's orders of one event, for customer service: every booking with its buyer, seats,
 * amount and times, newest first, filtered by status, a page at a time, and the same list as a
 * CSV download (the cookie session authorizes the plain link).
 */
export function OrdersPage({ id }: { id: string }) {
  const [event, setEvent] = useState<EventView>();
  const [status, setStatus] = useState<BookingStatus | ''>('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<OrderPage>();
  const [error, setError] = useState<string>();
  const path = `/api/events/${encodeURIComponent(id)}`;

  const failed = (err: unknown) => {
    if ((err as Error).name === 'AbortError') return;
    if (err instanceof ApiError && err.status === 401) loginFirst();
    else setError((err as Error).message);
  };

  useEffect(() => {
    api<EventView>(path).then(setEvent, failed);
  }, [path]);

  useEffect(() => {
    const abort = new AbortController();
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (status) query.set('status', status);
    api<OrderPage>(`${path}/orders?${query}`, { signal: abort.signal }).then((d) => {
      setData(d);
      setError(undefined);
    }, failed);
    return () => abort.abort();
  }, [path, status, page]);

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const csv = `${path}/orders.csv${status ? `?status=${status}` : ''}`;

  return (
    <section>
      <div className="heading-row">
        <h1>Orders{event ? ` · ${event.name}` : ''}</h1>
        <a className="button" href={csv} download data-testid="orders-csv">
          Download CSV
        </a>
      </div>
      <p className="muted">
        <a href={`#/sell/${encodeURIComponent(id)}`}>Sales dashboard</a>
        {data && ` · ${data.total} order${data.total === 1 ? '' : 's'}`}
      </p>
      <label className="inline">
        Status
        <select
          value={status}
          onChange={(e) => {
            setPage(1);
            setStatus(e.target.value as BookingStatus | '');
          }}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_TEXT[s]}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && data.items.length === 0 && <p>No orders {status ? 'with this status' : 'yet'}.</p>}
      <ul className="orders" data-testid="orders">
        {data?.items.map((o) => (
          <li key={o.bookingId} className="card">
            <p className="heading-row">
              <strong>{o.buyerName ?? 'Unknown buyer'}</strong>
              <span className={`badge ${o.status.toLowerCase()}`}>{STATUS_TEXT[o.status]}</span>
            </p>
            <p className="small">
              {o.buyerEmail ? <a href={`mailto:${o.buyerEmail}`}>{o.buyerEmail}</a> : '—'}
            </p>
            <p>
              {o.seats.length > 0 ? o.seats.map(seatLabel).join('; ') : `Section ${o.section}`} ·{' '}
              <strong>{money(o.totalCents)}</strong>
            </p>
            <p className="small muted">
              Booked {dateTime(o.bookedAt)} · {STATUS_TEXT[o.status]} since {dateTime(o.updatedAt)}
              {o.status === 'PENDING_PAYMENT' &&
                o.expiresAt &&
                ` · hold ends ${dateTime(o.expiresAt)}`}
              {' · '}
              <span className="booking-id">{o.bookingId}</span>
            </p>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
