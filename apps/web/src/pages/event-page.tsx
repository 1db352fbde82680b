import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BookingAccepted, BookingView, EventView } from '@shared/contracts';
import { api, ApiError, dateTime, idempotencyKey, money, seatLabel } from '../api';
import { useAuth } from '../auth';
import { navigate } from '../router';
import { Legend, SeatCanvas } from '../seat-map/seat-canvas';
import { AVAILABLE, RESERVED, type DeltaData } from '../seat-map/seat-model';
import { SectionOverview } from '../seat-map/section-overview';
import { useLiveSeatMap } from '../seat-map/use-live-seat-map';
import { loginFirst } from './account-pages';
import { rememberDecided } from './booking-page';

const MAX_SEATS = 10;

type Notice = { kind: 'info' | 'error'; text: string } | undefined;

/**
 * The buyer's event page: sections coloured by live availability, the chosen section drawn to
 * scale, best-available or click-to-pick, and the request that leads to the hold.
 */
export function EventPage({ id }: { id: string }) {
  const { user } = useAuth();
  const [event, setEvent] = useState<EventView>();
  const [loadError, setLoadError] = useState<string>();
  const [chosen, setChosen] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const [quantity, setQuantity] = useState(2);
  const [bestSection, setBestSection] = useState('');
  const [bestCategory, setBestCategory] = useState('');

  useEffect(() => {
    api<EventView>(`/api/events/${encodeURIComponent(id)}`).then(
      (e) => {
        setEvent(e);
        setChosen((c) => c ?? e.layout[0]?.name);
      },
      (err: Error) => setLoadError(err.message),
    );
  }, [id]);

  // A seat someone else just took leaves this buyer's picks, with a word about it.
  const onDelta = useCallback((delta: DeltaData) => {
    const taken = new Set(delta.changes.filter((c) => c.status !== 'AVAILABLE').map((c) => c.seat));
    setPicked((current) => {
      const lost = current.filter((s) => taken.has(s));
      if (lost.length === 0) return current;
      setNotice({
        kind: 'error',
        text: `Seat ${lost.join(', ')} was just taken by another buyer and left your selection.`,
      });
      return current.filter((s) => !taken.has(s));
    });
  }, []);
  const { map, version, state } = useLiveSeatMap(id, event?.layout, onDelta);

  const section = chosen ? map?.section(chosen) : undefined;
  const pickedSet = useMemo(() => new Set(picked), [picked]);

  const toggle = (seat: string) => {
    if (picked.includes(seat)) {
      setPicked(picked.filter((s) => s !== seat));
      setNotice(undefined);
      return;
    }
    const status = map?.statusOf(seat);
    if (status !== AVAILABLE) {
      setNotice({
        kind: 'error',
        text: `Seat ${seat} is ${status === RESERVED ? 'held by another buyer' : 'sold'}; it cannot be picked. Choose a green seat.`,
      });
      return;
    }
    if (picked.length >= MAX_SEATS) {
      setNotice({ kind: 'error', text: `You can pick at most ${MAX_SEATS} seats per booking.` });
      return;
    }
    setNotice(undefined);
    setPicked([...picked, seat]);
  };

  const book = async (body: object) => {
    if (!user) return loginFirst();
    if (user.role !== 'buyer') {
      setNotice({ kind: 'error', text: 'Log in with a buyer account to book seats.' });
      return;
    }
    setBusy(true);
    setNotice(undefined);
    try {
      // Prefer: wait (RFC 7240): the answer is usually the decided booking (200), so the
      // booking page shows the hold or the refusal at once; a 202 still works as before.
      const res = await api<BookingAccepted | BookingView>('/api/bookings', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey(), prefer: 'wait=10' },
        body: { eventId: id, ...body },
      });
      if (res.status !== 'PROCESSING') rememberDecided(res as BookingView);
      navigate(`/bookings/${encodeURIComponent(res.id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return loginFirst();
      setNotice({ kind: 'error', text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const bookBest = (e: FormEvent) => {
    e.preventDefault();
    void book({
      mode: 'best-available',
      quantity,
      // A section is the narrower choice: with one picked, the category is not sent.
      ...(bestSection ? { section: bestSection } : bestCategory ? { category: bestCategory } : {}),
    });
  };

  if (loadError)
    return (
      <p role="alert" className="error">
        {loadError}
      </p>
    );
  if (!event || !map) return <p aria-busy="true">Loading the event…</p>;

  const categories = [
    ...new Set(map.sections.flatMap((s) => (s.category ? [s.category] : []))),
  ].sort();
  const pickedTotal = picked.reduce((sum, s) => sum + (map.indexOf(s)?.section.price ?? 0), 0);

  return (
    <section>
      <h1>{event.name}</h1>
      <p className="muted">
        {event.venue} · {dateTime(event.startsAt)}
        {event.status !== 'PUBLISHED' && ' · draft (not on sale)'}
      </p>
      <p className="live" data-testid="stream-state" data-state={state}>
        {state === 'open' ? '● Live availability' : 'Connecting to live availability…'}
      </p>
      <div className="event-layout">
        <div className="map-column">
          <h2>Choose a section</h2>
          <SectionOverview sections={map.sections} chosen={chosen} onChoose={setChosen} />
          {section && (
            <>
              <h2>
                Section {section.name} · {money(section.price)}
              </h2>
              <Legend picking />
              <SeatCanvas
                key={section.name}
                section={section}
                version={version}
                selected={pickedSet}
                onToggle={toggle}
                label={`Seat map of section ${section.name}`}
              />
            </>
          )}
        </div>
        <aside className="book-column">
          <form className="card form" onSubmit={bookBest} aria-labelledby="best-title">
            <h2 id="best-title">Best available</h2>
            <label htmlFor="best-quantity">Seats</label>
            <select
              id="best-quantity"
              value={quantity}
              onChange={(e) => setQuantity(Number(e.target.value))}
            >
              {Array.from({ length: MAX_SEATS }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <label htmlFor="best-section">Section</label>
            <select
              id="best-section"
              value={bestSection}
              onChange={(e) => setBestSection(e.target.value)}
            >
              <option value="">Any section</option>
              {map.sections.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name} · {money(s.price)}
                </option>
              ))}
            </select>
            {categories.length > 0 && (
              <>
                <label htmlFor="best-category">Price category</label>
                <select
                  id="best-category"
                  value={bestCategory}
                  disabled={bestSection !== ''}
                  onChange={(e) => setBestCategory(e.target.value)}
                >
                  <option value="">Any category</option>
                  {categories.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </>
            )}
            <button type="submit" disabled={busy || event.status !== 'PUBLISHED'}>
              Find best seats
            </button>
          </form>
          <div className="card" aria-labelledby="picked-title">
            <h2 id="picked-title">Your picks</h2>
            {picked.length === 0 ? (
              <p className="muted">Click green seats on the map (or use the arrow keys).</p>
            ) : (
              <>
                <ul className="picks" data-testid="picks">
                  {picked.map((s) => (
                    <li key={s}>
                      {seatLabel(s)}
                      <button
                        type="button"
                        className="link"
                        aria-label={`Remove seat ${s}`}
                        onClick={() => toggle(s)}
                      >
                        remove
                      </button>
                    </li>
                  ))}
                </ul>
                <p>
                  Total <strong>{money(pickedTotal)}</strong>
                </p>
                <button
                  type="button"
                  disabled={busy || event.status !== 'PUBLISHED'}
                  onClick={() => void book({ mode: 'manual', seats: picked })}
                >
                  Book {picked.length} seat{picked.length > 1 ? 's' : ''}
                </button>
              </>
            )}
          </div>
          <div aria-live="assertive">
            {notice && (
              <p
                role="alert"
                className={notice.kind === 'error' ? 'error' : 'info'}
                data-testid="notice"
              >
                {notice.text}
              </p>
            )}
          </div>
        </aside>
      </div>
    </section>
  );
}
