/**
 * The security headers of every response of the one public origin, in one table that both
 * engines render: nginx as `add_header` lines (nginx-config.ts), the node engine in an onSend
 * hook (app.ts). Two sets, by what is served:
 *
 * - `ui`: the web UI's files (index.html and its hashed assets). A Content-Security-Policy that
 *   allows only this origin's scripts and connections (the API and its SSE streams are here too),
 *   images from here and data: URLs (the tickets' QR codes, the favicon), and styles from here
 *   plus inline ones (React's style props; recharts measures text with them).
 * - `api`: everything else: /api/*, /health, /ready and the gateway's own JSON errors. JSON is
 *   never a document, so its policy allows nothing at all.
 *
 * Both refuse framing (clickjacking: CSP frame-ancestors, and X-Frame-Options for browsers
 * without it), MIME sniffing, and sending this origin's URLs as the referrer.
 *
 * The values follow @fastify/helmet's defaults where the issue does not ask for stricter ones
 * (framing: 'none' and DENY, not 'self' and SAMEORIGIN). @fastify/helmet is not a dependency
 * yet, and nginx has no such library, so the table is here; once helmet is added, the node
 * engine can take it with these directives. Strict-Transport-Security is left to whatever
 * terminates TLS in front: the gateway itself speaks plain HTTP.
 */
export type HeaderSurface = 'ui' | 'api';

/** Headers on every response, whatever it serves. */
const COMMON: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** The web UI's Content-Security-Policy (no inline or foreign scripts, no framing). */
export const UI_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's: a JSON body is never rendered, so nothing may load or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const HEADERS: Record<HeaderSurface, Readonly<Record<string, string>>> = {
  ui: { ...COMMON, 'Content-Security-Policy': UI_CSP },
  api: { ...COMMON, 'Content-Security-Policy': API_CSP },
};

/** The security headers of a response serving `surface`, name to value. */
export function securityHeaders(surface: HeaderSurface): Readonly<Record<string, string>> {
  return HEADERS[surface];
}

/** Every header name either set uses (nginx hides an upstream's own, so one value is sent). */
export const SECURITY_HEADER_NAMES: readonly string[] = Object.keys(HEADERS.ui);

/**
 * Which set a node-engine response takes, as nginx's locations decide it: a file of the UI that
 * was found (any status below 400 outside /api, /health and /ready) is `ui`; everything else,
 * the UI's 404s included (the gateway's JSON errors), is `api`.
 */
export function surfaceOf(url: string, status: number): HeaderSurface {
  const path = url.split('?', 1)[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path === '/health' || path === '/ready')
    return 'api';
  return status < 400 ? 'ui' : 'api';
}
