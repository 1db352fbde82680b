/** The longest a booking request may wait for its decision (ms), whatever it asks. */
export const MAX_WAIT_MS = 10_000;

/**
 * The `wait` preference of a Prefer header (RFC 7240), in ms, capped at MAX_WAIT_MS; 0 when the
 * request states none. A preference the server does not understand, or a `wait` whose value is
 * not a number of seconds, is ignored (RFC 7240, section 2: a server ignores preferences it
 * cannot honour, it never refuses the request for them). The first `wait` counts (section 2:
 * a repeated preference is read as its first occurrence).
 */
export function preferredWaitMs(header: string | string[] | undefined): number {
  if (header === undefined) return 0;
  const lines = Array.isArray(header) ? header : [header];
  for (const line of lines) {
    for (const preference of line.split(',')) {
      // A preference may carry parameters after ';' (wait takes none).
      const [token] = preference.split(';');
      const eq = token!.indexOf('=');
      const name = (eq === -1 ? token! : token!.slice(0, eq)).trim().toLowerCase();
      if (name !== 'wait') continue;
      const raw =
        eq === -1
          ? ''
          : token!
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1');
      if (!/^[0-9]{1,9}$/.test(raw)) return 0;
      return Math.min(Number(raw) * 1000, MAX_WAIT_MS);
    }
  }
  return 0;
}
