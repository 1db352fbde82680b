import { useEffect, useState } from 'react';
import { api, ApiError, dateTime } from '../../api';
import { useAuth } from '../../auth';
import { loginFirst } from '../account-pages';

interface OwnEvent {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  status: 'DRAFT' | 'PUBLISHED';
}

/** The seller's events: drafts to edit, published ones to watch. */
export function SellerEventsPage() {
  const { user } = useAuth();
  const [items, setItems] = useState<OwnEvent[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (user?.role !== 'seller') return;
    api<{ items: OwnEvent[] }>('/api/events/mine').then(
      (r) => setItems(r.items),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) loginFirst();
        else setError((err as Error).message);
      },
    );
  }, [user]);

  if (!user) {
    loginFirst();
    return null;
  }
  if (user.role !== 'seller')
    return <p className="error">This page is for sellers. Sign up with a seller account.</p>;

  return (
    <section>
      <div className="heading-row">
        <h1>My events</h1>
        <a className="button" href="#/sell/new">
          Create an event
        </a>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items?.length === 0 && <p>No events yet: create your first one.</p>}
      <ul className="event-list">
        {items?.map((e) => (
          <li key={e.id} className="card">
            <h2>{e.name}</h2>
            <p>
              {e.venue} · {dateTime(e.startsAt)} ·{' '}
              <span className={`badge ${e.status.toLowerCase()}`}>
                {e.status === 'DRAFT' ? 'Draft' : 'On sale'}
              </span>
            </p>
            <p className="actions">
              {e.status === 'DRAFT' ? (
                <a href={`#/sell/${encodeURIComponent(e.id)}/edit`}>Edit and publish</a>
              ) : (
                <>
                  <a href={`#/sell/${encodeURIComponent(e.id)}`}>Sales dashboard</a>
                  <a href={`#/sell/${encodeURIComponent(e.id)}/orders`}>Orders</a>
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
