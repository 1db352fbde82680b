import type { HttpServer } from '@shared/http';

/**
 * The token cookie, by hand. @fastify/cookie loads the ESM-only `cookie` package with a
 * dynamic import(), which Jest's CommonJS VM refuses without --experimental-vm-modules; the
 * little we need (read one cookie, set and clear one httpOnly cookie) is a few lines instead.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export function tokenCookie(
  name: string,
  value: string,
  opts: { expires: Date; secure: boolean },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Expires=${opts.expires.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookie(name: string): string {
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`;
}

/** Fills request.cookies, which the shared authenticate hook reads the token cookie from. */
export function registerCookieParsing(app: HttpServer): void {
  app.addHook('onRequest', async (request) => {
    request.cookies = parseCookieHeader(request.headers.cookie);
  });
}
