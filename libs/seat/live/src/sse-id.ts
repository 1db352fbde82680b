// SSE message ids: the vector of per-section seqs the client has seen once it processed the
// message, e.g. "A.12~B.40", sections sorted. The browser sends the last one back as
// Last-Event-ID on reconnect, so resume needs no server-side session. Section names are
// [A-Za-z0-9_] (contracts' SeatName), so "." and "~" can never occur inside one.

/** Longest Last-Event-ID we parse: 200 sections x (32-char name + "." + 10 digits + "~"). */
export const MAX_EVENT_ID_LENGTH = 9_000;

const PART = /^([A-Za-z0-9_]{1,32})\.(0|[1-9][0-9]{0,14})$/;

/** Encodes the seen seqs, sections in code-unit order so equal vectors give equal ids. */
export function encodeSeenSeqs(seen: ReadonlyMap<string, number>): string {
  return [...seen.keys()]
    .sort()
    .map((section) => `${section}.${seen.get(section)!}`)
    .join('~');
}

/**
 * Parses a Last-Event-ID. Returns undefined for anything malformed, oversized or repeating a
 * section: the caller then starts the client afresh with a snapshot (never trust a client id
 * enough to skip one).
 */
export function parseSeenSeqs(id: string | null | undefined): Map<string, number> | undefined {
  if (!id || id.length > MAX_EVENT_ID_LENGTH) return undefined;
  const seen = new Map<string, number>();
  for (const part of id.split('~')) {
    const match = PART.exec(part);
    if (!match || seen.has(match[1]!)) return undefined;
    const seq = Number(match[2]);
    if (!Number.isSafeInteger(seq)) return undefined;
    seen.set(match[1]!, seq);
  }
  return seen;
}
