import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CreateEventBody, EventView, SectionInput } from '@shared/contracts';
import { api, ApiError, idempotencyKey } from '../../api';
import { useAuth } from '../../auth';
import { navigate } from '../../router';
import { loginFirst } from '../account-pages';
import { LayoutPreview } from './layout-preview';

interface SectionDraft {
  key: number;
  name: string;
  /** Dollars as typed, e.g. "45" or "45.50". */
  price: string;
  category: string;
  rows: number;
  seatsPerRow: number;
  /** Seats of each row, front to back, as typed ("10, 12, 14"); empty: rows x seatsPerRow. */
  rowSeats: string;
}

const NAME = /^[A-Za-z0-9_]{1,32}$/;
const MAX_SEATS = 100_000;
let nextKey = 1;

const blankSection = (name: string): SectionDraft => ({
  key: nextKey++,
  name,
  price: '50',
  category: '',
  rows: 10,
  seatsPerRow: 20,
  rowSeats: '',
});

/** The seat count of each row of a draft: the typed list when there is one, else uniform. */
function rowCounts(s: SectionDraft): number[] {
  const typed = s.rowSeats.trim();
  if (typed)
    return typed
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
  return Array.from({ length: Math.max(0, s.rows) }, () => s.seatsPerRow);
}

function toSections(drafts: readonly SectionDraft[]): SectionInput[] {
  return drafts.map((s) => ({
    name: s.name,
    price: Math.round(Number(s.price) * 100),
    ...(s.category ? { category: s.category } : {}),
    rows: rowCounts(s).map((seats, i) => ({ label: String(i + 1), seats })),
  }));
}

function problems(name: string, venue: string, startsAt: string, drafts: SectionDraft[]): string[] {
  const out: string[] = [];
  if (!name.trim()) out.push('Give the event a name.');
  if (!venue.trim()) out.push('Say where it takes place (venue).');
  if (!startsAt || Number.isNaN(Date.parse(startsAt))) out.push('Choose when it starts.');
  if (drafts.length === 0) out.push('Add at least one section.');
  const seen = new Set<string>();
  for (const s of drafts) {
    const label = s.name || '(unnamed)';
    if (!NAME.test(s.name))
      out.push(`Section ${label}: names use letters, digits and _ only (no spaces or dashes).`);
    if (seen.has(s.name)) out.push(`Section ${label} appears twice.`);
    seen.add(s.name);
    if (!(Number(s.price) > 0)) out.push(`Section ${label}: the price must be above zero.`);
    if (s.category && !NAME.test(s.category))
      out.push(`Section ${label}: categories use letters, digits and _ only.`);
    const counts = rowCounts(s);
    if (!(counts.length >= 1 && counts.length <= 500)) out.push(`Section ${label}: 1 to 500 rows.`);
    if (!counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 500))
      out.push(`Section ${label}: 1 to 500 seats per row (whole numbers).`);
  }
  const total = drafts.reduce((n, s) => n + rowCounts(s).reduce((m, c) => m + (c || 0), 0), 0);
  if (total > MAX_SEATS) out.push(`At most ${MAX_SEATS.toLocaleString()} seats per event.`);
  return out;
}

function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Create or edit a draft event: details, sections with a live preview, then publish. */
export function EditorPage({ id }: { id?: string }) {
  const { user } = useAuth();
  const [eventId, setEventId] = useState(id);
  const [name, setName] = useState('');
  const [venue, setVenue] = useState('');
  const [startsAt, setStartsAt] = useState(() =>
    localInput(new Date(Date.now() + 30 * 86_400_000).toISOString()),
  );
  const [sections, setSections] = useState<SectionDraft[]>(() => [blankSection('A')]);
  const [serverError, setServerError] = useState<string[]>([]);
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  /**
   * The Idempotency-Key of the first save's create, kept while the form is unchanged: saving
   * again after an error whose request did reach the server (a lost answer) gets the event it
   * made instead of a second one. A changed form is a new request, with a new key.
   */
  const createKey = useRef<{ body: string; key: string } | undefined>(undefined);

  useEffect(() => {
    if (!id) return;
    api<EventView>(`/api/events/${encodeURIComponent(id)}`).then(
      (e) => {
        if (e.status === 'PUBLISHED') return navigate(`/sell/${encodeURIComponent(e.id)}`);
        setName(e.name);
        setVenue(e.venue);
        setStartsAt(localInput(e.startsAt));
        setSections(
          e.layout.map((s) => ({
            key: nextKey++,
            name: s.name,
            price: (s.price / 100).toFixed(2),
            category: s.category ?? '',
            rows: s.rows.length,
            seatsPerRow: Math.max(...s.rows.map((r) => r.seats)),
            // Rows of different lengths come back as the per-row list, so nothing is lost.
            rowSeats: s.rows.every((r) => r.seats === s.rows[0]!.seats)
              ? ''
              : s.rows.map((r) => r.seats).join(', '),
          })),
        );
      },
      (err: Error) => setServerError([err.message]),
    );
  }, [id]);

  const layout = useMemo(() => toSections(sections), [sections]);
  const issues = problems(name, venue, startsAt, sections);

  const update = (key: number, patch: Partial<SectionDraft>) =>
    setSections(sections.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const addSection = () => {
    const used = new Set(sections.map((s) => s.name));
    const letter = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !used.has(l)) ?? `S${nextKey}`;
    setSections([...sections, blankSection(letter)]);
  };

  const keyFor = (body: CreateEventBody): string => {
    const text = JSON.stringify(body);
    if (createKey.current?.body !== text) createKey.current = { body: text, key: idempotencyKey() };
    return createKey.current.key;
  };

  const save = async (publish: boolean) => {
    setTried(true);
    setSaved(undefined);
    setServerError([]);
    if (issues.length > 0) return;
    setBusy(true);
    const body: CreateEventBody = {
      name: name.trim(),
      venue: venue.trim(),
      startsAt: new Date(startsAt).toISOString(),
      sections: layout,
    };
    try {
      const event = eventId
        ? await api<EventView>(`/api/events/${encodeURIComponent(eventId)}`, {
            method: 'PUT',
            body,
          })
        : await api<EventView>('/api/events', {
            method: 'POST',
            headers: { 'idempotency-key': keyFor(body) },
            body,
          });
      setEventId(event.id);
      if (!eventId)
        window.history.replaceState(null, '', `#/sell/${encodeURIComponent(event.id)}/edit`);
      if (publish) {
        await api<EventView>(`/api/events/${encodeURIComponent(event.id)}/publish`, {
          method: 'POST',
        });
        navigate(`/sell/${encodeURIComponent(event.id)}`);
        return;
      }
      setSaved('Draft saved. You can keep editing until you publish.');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return loginFirst();
      const details = err instanceof ApiError && Array.isArray(err.details) ? err.details : [];
      setServerError(
        details.length > 0
          ? details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)))
          : [(err as Error).message],
      );
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  if (!user) {
    loginFirst();
    return null;
  }
  if (user.role !== 'seller') return <p className="error">Only sellers can create events.</p>;

  return (
    <section>
      <h1>{eventId ? 'Edit draft event' : 'Create an event'}</h1>
      <div className="editor">
        <form className="card form" onSubmit={submit} aria-label="Event details and layout">
          <label>
            Event name
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            Venue
            <input
              required
              maxLength={200}
              value={venue}
              onChange={(e) => setVenue(e.target.value)}
            />
          </label>
          <label>
            Starts at
            <input
              type="datetime-local"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          </label>
          <h2>Sections</h2>
          {sections.map((s, i) => (
            <fieldset key={s.key} className="section-draft" data-testid="section-draft">
              <legend>Section {i + 1}</legend>
              <div className="grid5">
                <label>
                  Name
                  <input value={s.name} onChange={(e) => update(s.key, { name: e.target.value })} />
                </label>
                <label>
                  Price ($)
                  <input
                    inputMode="decimal"
                    value={s.price}
                    onChange={(e) => update(s.key, { price: e.target.value })}
                  />
                </label>
                <label>
                  Rows
                  <input
                    type="number"
                    min={1}
                    max={500}
                    value={s.rows}
                    disabled={s.rowSeats.trim() !== ''}
                    title={s.rowSeats.trim() ? 'Set by the seat count of each row' : undefined}
                    onChange={(e) => update(s.key, { rows: Number(e.target.value) })}
                  />
                </label>
                <label>
                  Seats per row
                  <input
                    type="number"
                    min={1}
                    max={500}
                    value={s.seatsPerRow}
                    disabled={s.rowSeats.trim() !== ''}
                    title={s.rowSeats.trim() ? 'Set by the seat count of each row' : undefined}
                    onChange={(e) => update(s.key, { seatsPerRow: Number(e.target.value) })}
                  />
                </label>
                <label className="wide">
                  Seat count of each row, front to back (optional)
                  <input
                    inputMode="numeric"
                    value={s.rowSeats}
                    placeholder="e.g. 10, 12, 14, 16"
                    onChange={(e) => update(s.key, { rowSeats: e.target.value })}
                  />
                </label>
                <label>
                  Category (optional)
                  <input
                    value={s.category}
                    placeholder="e.g. gold"
                    onChange={(e) => update(s.key, { category: e.target.value })}
                  />
                </label>
              </div>
              {sections.length > 1 && (
                <button
                  type="button"
                  className="link"
                  onClick={() => setSections(sections.filter((x) => x.key !== s.key))}
                >
                  Remove section {s.name}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" className="secondary" onClick={addSection}>
            Add a section
          </button>
          {tried && issues.length > 0 && (
            <ul role="alert" className="error">
              {issues.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {serverError.length > 0 && (
            <ul role="alert" className="error">
              {serverError.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {saved && (
            <p role="status" className="info">
              {saved}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="secondary" disabled={busy}>
              Save draft
            </button>
            <button type="button" disabled={busy} onClick={() => void save(true)}>
              {busy ? 'Working…' : 'Save and publish'}
            </button>
          </div>
        </form>
        <div className="card">
          <h2>Preview</h2>
          <LayoutPreview sections={layout.filter((s) => s.rows.length > 0)} />
        </div>
      </div>
    </section>
  );
}
