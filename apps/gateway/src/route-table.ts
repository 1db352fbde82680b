/** The apps behind the gateway. */
export type Upstream = 'ticketing' | 'booking' | 'seat';

/** Each upstream's name as operators know it; the 503 for an unreachable app says this name. */
export const APP_NAMES: Readonly<Record<Upstream, string>> = {
  ticketing: 'event-ticketing',
  booking: 'booking',
  seat: 'seat-reservation',
};

/**
 * Which app answers which /api path, first match wins. The seat map (its JSON and its SSE
 * stream) is served by seat-reservation's in-process availability view; everything else about
 * events (layouts, publishing, analytics and its stream) by event-ticketing.
 *
 * Both engines read this one table: the Node engine through upstreamOf, the nginx engine as
 * regex locations in this order (nginx-config.ts), so the patterns must stay plain regexes
 * that PCRE reads the same way (no flags, no lookbehind).
 */
export const ROUTES: readonly { pattern: RegExp; upstream: Upstream }[] = [
  { pattern: /^\/api\/events\/[^/]+\/(seats|stream)\/?$/, upstream: 'seat' },
  { pattern: /^\/api\/events(\/|$)/, upstream: 'ticketing' },
  { pattern: /^\/api\/auth(\/|$)/, upstream: 'ticketing' },
  { pattern: /^\/api\/(bookings|payments)(\/|$)/, upstream: 'booking' },
];

/**
 * The SSE routes of every app end in /stream: long-lived responses that must pass through
 * unbuffered and never time out once open (the apps send heartbeats).
 */
export const STREAM_PATH = /\/stream\/?$/;

/** The app a request path (query string ignored) goes to, or undefined for an unknown route. */
export function upstreamOf(url: string): Upstream | undefined {
  const path = url.split('?', 1)[0]!;
  return ROUTES.find((r) => r.pattern.test(path))?.upstream;
}
