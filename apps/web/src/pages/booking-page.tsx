import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BookingStatus, BookingView, EventView } from '@shared/contracts';
import { api, ApiError, money, seatLabel } from '../api';
import { useEventStream } from '../sse';
import { Tickets } from './tickets';

/** Seconds tick for the countdown. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Turns the engine's reason ("SEATS_UNAVAILABLE: ...: A-1-3, A-1-4") into words for a buyer. */
export function rejectionText(reason: string | null): string {
  const seats = reason?.match(/[A-Za-z0-9_]+-[A-Za-z0-9_]+-\d+/g) ?? [];
  if (reason?.startsWith('SEATS_UNAVAILABLE') && seats.length > 0)
    return `Sorry, seat${seats.length > 1 ? 's' : ''} ${seats.join(', ')} ${
      seats.length > 1 ? 'were' : 'was'
    } just taken by another buyer. Nothing was charged; go back and choose other seats.`;
  if (reason?.startsWith('SEATS_UNAVAILABLE') || reason?.startsWith('SOLD_OUT'))
    return `Sorry, there are not enough seats left together for this request${
      reason.includes(':') ? ` (${reason.split(': ').slice(-1)[0]})` : ''
    }. Try fewer seats or another section.`;
  return `Your request could not be completed: ${reason ?? 'unknown reason'}.`;
}

/**
 * How far along a booking is. A booking only ever moves forward (PROCESSING, then a hold or a
 * refusal, then paid, expired or cancelled), so of two views the one further along is the newer.
 */
const STAGE: Record<BookingStatus, number> = {
  PROCESSING: 0,
  PENDING_PAYMENT: 1,
  FAILED: 2,
  PAID: 2,
  EXPIRED: 2,
  CANCELLED: 2,
};

/**
 * The view to show when `next` arrives: the page reads the booking from three places (its first
 * GET, the status stream, the answers to pay and cancel) whose answers can cross on the way. A
 * first GET read before the seats were held but answered after the stream announced the hold
 * must not put the page back to "Finding your seats…", where nothing would move it on again.
 */
function newerBooking(current: BookingView | undefined, next: BookingView): BookingView {
  return current && STAGE[next.status] < STAGE[current.status] ? current : next;
}

/**
 * Bookings the booking request itself answered decided (`Prefer: wait`), handed from the event
 * page to the booking page so the page shows the hold or the refusal at once, before its read.
 */
const decided = new Map<string, BookingView>();
export function rememberDecided(view: BookingView): void {
  decided.set(view.id, view);
}

/**
 * One booking, live: finding seats, the hold with its countdown and the card form, then the
 * confirmation with tickets, or a clear word on why not.
 */
export function BookingPage({ id }: { id: string }) {
  const [booking, setShown] = useState<BookingView | undefined>(() => decided.get(id));
  const setBooking = useCallback(
    (next: BookingView) => setShown((current) => newerBooking(current, next)),
    [],
  );
  const [event, setEvent] = useState<EventView>();
  const [error, setError] = useState<string>();
  const [payError, setPayError] = useState<string>();
  const [card, setCard] = useState({ number: '', name: '', expiry: '', cvc: '' });
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const path = `/api/bookings/${encodeURIComponent(id)}`;

  const refresh = useCallback(
    () => api<BookingView>(path).then(setBooking, (err: Error) => setError(err.message)),
    [path, setBooking],
  );
  useEffect(() => {
    // A booking the request answered decided is shown at once; the read still comes (a page
    // opened later, or reloaded, has only it), and an older answer never replaces a newer view.
    decided.delete(id);
    void refresh();
  }, [id, refresh]);
  // The stream only for what can still happen (the result, payment, expiry): the server ends
  // it after a final status, and the page must not let the browser reconnect to it.
  const live = booking !== undefined && STAGE[booking.status] < 2;
  useEventStream(live ? `${path}/stream` : undefined, {
    status: (data) => {
      const view = data as BookingView;
      // The stream carries no tickets; a paid booking is read once more with them.
      if (view.status === 'PAID') void refresh();
      else setBooking(view);
    },
  });
  useEffect(() => {
    if (!booking || event) return;
    api<EventView>(`/api/events/${encodeURIComponent(booking.eventId)}`).then(
      setEvent,
      () => undefined,
    );
  }, [booking, event]);

  const pay = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setPayError(undefined);
    try {
      const paid = await api<BookingView>(`${path}/pay`, {
        method: 'POST',
        body: { cardNumber: card.number.replace(/[\s-]/g, '') },
      });
      setBooking(paid);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'BOOKING_PAYMENT_DECLINED')
        setPayError(
          'Your card was declined. Nothing was charged; try another card before the hold runs out.',
        );
      else if (err instanceof ApiError && err.code === 'BOOKING_EXPIRED') {
        setPayError('Your hold ran out before the payment, so the seats went back on sale.');
        void refresh();
      } else setPayError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setBusy(true);
    try {
      setBooking(await api<BookingView>(`${path}/cancel`, { method: 'POST' }));
    } catch (err) {
      setPayError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!booking) return <p aria-busy="true">Loading your booking…</p>;

  const back = `#/events/${encodeURIComponent(booking.eventId)}`;
  const left = booking.expiresAt ? Date.parse(booking.expiresAt) - now : 0;

  return (
    <section className="narrow" data-testid="booking" data-status={booking.status}>
      <h1>{event ? event.name : 'Your booking'}</h1>
      {booking.status === 'PROCESSING' && (
        <>
          <p className="info" aria-busy="true" role="status">
            Finding your seats…
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void cancel()}>
            Cancel this request
          </button>
        </>
      )}

      {booking.status === 'PENDING_PAYMENT' && (
        <>
          <div className="card hold">
            <h2>Your seats are held</h2>
            <p role="timer" aria-live="off" className="countdown" data-testid="countdown">
              {left > 0 ? `${countdown(left)} left to pay` : 'Time is up'}
            </p>
            <ul className="picks" data-testid="held-seats">
              {booking.seats.map((s) => (
                <li key={s}>{seatLabel(s)}</li>
              ))}
            </ul>
            <p>
              Total <strong data-testid="total">{money(booking.totalCents)}</strong>
            </p>
          </div>
          <form className="card form" onSubmit={pay} aria-labelledby="pay-title">
            <h2 id="pay-title">Pay by card</h2>
            <p className="muted small">
              Simulated payment: any card number works except 4000 0000 0000 0002, which is
              declined.
            </p>
            <label>
              Card number
              <input
                inputMode="numeric"
                autoComplete="cc-number"
                required
                pattern="[0-9 \-]{12,23}"
                placeholder="4242 4242 4242 4242"
                value={card.number}
                onChange={(e) => setCard({ ...card, number: e.target.value })}
              />
            </label>
            <label>
              Name on card
              <input
                autoComplete="cc-name"
                required
                value={card.name}
                onChange={(e) => setCard({ ...card, name: e.target.value })}
              />
            </label>
            <div className="row2">
              <label>
                Expiry (MM/YY)
                <input
                  autoComplete="cc-exp"
                  required
                  pattern="(0[1-9]|1[0-2])/[0-9]{2}"
                  placeholder="12/30"
                  value={card.expiry}
                  onChange={(e) => setCard({ ...card, expiry: e.target.value })}
                />
              </label>
              <label>
                CVC
                <input
                  inputMode="numeric"
                  autoComplete="cc-csc"
                  required
                  pattern="[0-9]{3,4}"
                  value={card.cvc}
                  onChange={(e) => setCard({ ...card, cvc: e.target.value })}
                />
              </label>
            </div>
            {payError && (
              <p role="alert" className="error" data-testid="pay-error">
                {payError}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? 'Paying…' : `Pay ${money(booking.totalCents)}`}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void cancel()}
            >
              Release these seats
            </button>
          </form>
        </>
      )}

      {booking.status === 'PAID' && (
        <div className="card success" role="status">
          <h2>Payment received: you are going!</h2>
          <p>
            {booking.seats.length} seat{booking.seats.length > 1 ? 's' : ''} ·{' '}
            {money(booking.totalCents)}
          </p>
          {booking.tickets && <Tickets tickets={booking.tickets} />}
          <p>
            <a href="#/history">All my tickets</a>
          </p>
        </div>
      )}

      {booking.status === 'FAILED' && (
        <div className="card" role="alert">
          <h2>We could not hold these seats</h2>
          <p className="error" data-testid="rejection">
            {rejectionText(booking.reason)}
          </p>
          <a href={back}>Back to the seat map</a>
        </div>
      )}

      {booking.status === 'EXPIRED' && (
        <div className="card" role="alert">
          <h2>Your hold expired</h2>
          <p className="error">
            The time to pay ran out, so the seats went back on sale. Nothing was charged.
          </p>
          <a href={back}>Choose seats again</a>
        </div>
      )}

      {booking.status === 'CANCELLED' && (
        <div className="card" role="status">
          <h2>Seats released</h2>
          <p>You released these seats; nothing was charged.</p>
          <a href={back}>Back to the event</a>
        </div>
      )}
    </section>
  );
}
