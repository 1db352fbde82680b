import { useEffect, useState } from 'react';

/**
 * Routing on the URL hash (#/events/abc): every page is index.html, so the gateway needs no
 * fallback and an unknown path stays a plain 404.
 */
export type Route =
  | { page: 'events' }
  | { page: 'event'; id: string }
  | { page: 'booking'; id: string }
  | { page: 'history' }
  | { page: 'login' }
  | { page: 'register' }
  | { page: 'sell' }
  | { page: 'sell-new' }
  | { page: 'sell-edit'; id: string }
  | { page: 'dashboard'; id: string }
  | { page: 'orders'; id: string }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = parts;
  if (!a || a === 'events') return b ? { page: 'event', id: b } : { page: 'events' };
  if (a === 'bookings' && b) return { page: 'booking', id: b };
  if (a === 'history') return { page: 'history' };
  if (a === 'login') return { page: 'login' };
  if (a === 'register') return { page: 'register' };
  if (a === 'sell') {
    if (!b) return { page: 'sell' };
    if (b === 'new') return { page: 'sell-new' };
    if (c === 'edit') return { page: 'sell-edit', id: b };
    return c === 'orders' ? { page: 'orders', id: b } : { page: 'dashboard', id: b };
  }
  return { page: 'not-found' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(path: string): void {
  window.location.hash = path;
}
