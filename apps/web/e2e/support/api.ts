import type { CreateEventBody, EventView, TokenBody } from '@shared/contracts';
import { waitFor } from '@shared/util';

/**
 * Direct API calls through the gateway, for the parts of a story that are not under test
 * (the seller of a buyer's story, the buyer of a seller's story).
 */
export async function call<T>(
  baseUrl: string,
  path: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function account(
  baseUrl: string,
  role: 'buyer' | 'seller',
  email: string,
): Promise<string> {
  const password = 'correct-horse-battery';
  const reg = await call(baseUrl, '/api/auth/register', {
    method: 'POST',
    body: { email, password, role, name: `${role} ${email.split('@')[0]}` },
  });
  if (reg.status !== 201) throw new Error(`register ${email}: ${reg.status}`);
  const login = await call<TokenBody>(baseUrl, '/api/auth/login', {
    method: 'POST',
    body: { email, password },
  });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
  return login.body.token;
}

/**
 * Waits until a published event is bookable: the seat map serves it and booking's catalog
 * knows it (probed with a section that does not exist, which creates nothing).
 */
export async function waitUntilOnSale(
  baseUrl: string,
  eventId: string,
  buyerToken: string,
): Promise<void> {
  // The gateway takes the seat nodes in turn and each learns the event on its own: four answers
  // in a row cover both twice, so a page opened next cannot land on a node that lags.
  let inARow = 0;
  await waitFor(
    `event ${eventId} on the seat map of both nodes`,
    async () => {
      const ok = (await call(baseUrl, `/api/events/${eventId}/seats`)).status === 200;
      inARow = ok ? inARow + 1 : 0;
      return inARow >= 4;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  await waitFor(
    `event ${eventId} in booking's catalog`,
    async () => {
      const res = await call<{ error?: { code: string } }>(baseUrl, '/api/bookings', {
        method: 'POST',
        token: buyerToken,
        headers: { 'idempotency-key': `probe-${eventId}-${Date.now()}` },
        body: { eventId, mode: 'best-available', section: 'NoSuchSection', quantity: 1 },
      });
      return res.body.error?.code === 'BOOKING_SECTION_UNKNOWN';
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

export async function publishedEvent(
  baseUrl: string,
  sellerToken: string,
  body: CreateEventBody,
): Promise<EventView> {
  const created = await call<EventView>(baseUrl, '/api/events', {
    method: 'POST',
    token: sellerToken,
    body,
  });
  if (created.status !== 201) throw new Error(`create event: ${created.status}`);
  const published = await call<EventView>(baseUrl, `/api/events/${created.body.id}/publish`, {
    method: 'POST',
    token: sellerToken,
  });
  if (published.status !== 200) throw new Error(`publish event: ${published.status}`);
  return published.body;
}

export const rows = (count: number, seats: number) =>
  Array.from({ length: count }, (_, i) => ({ label: String(i + 1), seats }));
