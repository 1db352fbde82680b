import { useEffect, useState, type FormEvent } from 'react';
import type { EventPage as EventPageBody } from '@shared/contracts';
import { api, dateTime } from '../api';

const PAGE_SIZE = 12;

/**
 * Published events still to come (sold-out ones marked), searchable by name and venue, a page
 * at a time; past events only when the buyer asks for them.
 */
export function EventsPage() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  // Buyers see what they can still book; past events only when they ask for them.
  const [past, setPast] = useState(false);
  const [data, setData] = useState<EventPageBody>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (query) params.set('q', query);
    if (past) params.set('when', 'past');
    api<EventPageBody>(`/api/events?${params}`, { signal: abort.signal }).then(
      (d) => {
        setData(d);
        setError(undefined);
      },
      (err: Error) => err.name !== 'AbortError' && setError(err.message),
    );
    return () => abort.abort();
  }, [query, page, past]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setQuery(q.trim());
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <section>
      <h1>Events</h1>
      <form role="search" onSubmit={search} className="search">
        <label htmlFor="q" className="visually-hidden">
          Search events by name or venue
        </label>
        <input
          id="q"
          type="search"
          placeholder="Search by name or venue"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <label className="inline">
        <input
          type="checkbox"
          checked={past}
          onChange={(e) => {
            setPage(1);
            setPast(e.target.checked);
          }}
        />
        Show past events instead
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && data.items.length === 0 && (
        <p>
          {query
            ? `No ${past ? 'past ' : ''}events match “${query}”.`
            : past
              ? 'No past events.'
              : 'No events on sale yet.'}
        </p>
      )}
      <ul className="event-list">
        {data?.items.map((e) => (
          <li key={e.id} className="card">
            <h2>
              <a href={`#/events/${encodeURIComponent(e.id)}`}>{e.name}</a>
            </h2>
            <p>
              {e.venue} · {dateTime(e.startsAt)}
              {past ? (
                <>
                  {' '}
                  · <span className="badge">Past</span>
                </>
              ) : (
                e.soldOut && (
                  <>
                    {' '}
                    · <span className="badge sold-out">Sold out</span>
                  </>
                )
              )}
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
