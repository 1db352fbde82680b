import { createHash } from 'node:crypto';

/**
 * The canonical form of a request body: JSON with object keys sorted at every depth, so two
 * bodies that differ only in key order (or in absent vs undefined fields) hash the same.
 * Array order is kept: ["A-1-1","A-1-2"] and ["A-1-2","A-1-1"] are different requests.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the canonical body: same Idempotency-Key with another hash is a conflict. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
