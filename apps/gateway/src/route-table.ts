/** The apps behind the gateway. */
export type Upstream = 'ticketing' | 'booking' | 'seat';

/**
 * Which app answers which /api path, first match wins. The seat map (its JSON and its SSE
 * stream) is served by seat-reservation's in-process availability view; everything else about
 * events (layouts, publishing, analytics and its stream) by event-ticketing.
 */
const ROUTES: readonly { pattern: RegExp; upstream: Upstream }[] = [
  { pattern: /^\/api\/events\/[^/]+\/(seats|stream)\/?$/, upstream: 'seat' },
  { pattern: /^\/api\/events(\/|$)/, upstream: 'ticketing' },
  { pattern: /^\/api\/auth(\/|$)/, upstream: 'ticketing' },
  { pattern: /^\/api\/(bookings|payments)(\/|$)/, upstream: 'booking' },
];

/** The app a request path (query string ignored) goes to, or undefined for an unknown route. */
export function upstreamOf(url: string): Upstream | undefined {
  const path = url.split('?', 1)[0]!;
  return ROUTES.find((r) => r.pattern.test(path))?.upstream;
}
