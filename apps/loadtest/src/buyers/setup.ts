/**
 * Setting up an on-sale through the public API: a seller creates and publishes the event (or an
 * existing one is used), and N buyers get real accounts (registered and logged in). The demo
 * seed (seed-demo) builds on the same steps.
 */
import { randomBytes } from 'node:crypto';
import type { CreateEventBody } from '@shared/contracts';
import { EventView, type EventView as EventViewValue } from '@shared/contracts';
import { ApiError, type ApiClient, type ApiOrigins } from '../http/api-client';
import { LoadtestErrors } from '../loadtest.errors';

export interface Buyer {
  email: string;
  token: string;
}

const PASSWORD = 'loadtest password 0123';

export async function createOnSaleEvent(
  api: ApiClient,
  layout: { sections: number; rows: number; seatsPerRow: number },
): Promise<string> {
  const run = randomBytes(4).toString('hex');
  const email = `loadtest-seller-${run}@example.com`;
  await api.register(email, PASSWORD, 'seller', 'Load test seller');
  const token = await api.login(email, PASSWORD);
  const body: CreateEventBody = {
    name: `Load test on-sale ${run}`,
    venue: 'Load test arena',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    sections: Array.from({ length: layout.sections }, (_, i) => ({
      name: `S${i + 1}`,
      price: 5000 + 1000 * i,
      rows: Array.from({ length: layout.rows }, (_, r) => ({
        label: String(r + 1),
        seats: layout.seatsPerRow,
      })),
    })),
  };
  return createPublishedEvent(api, token, body);
}

/**
 * The seller creates the event and publishes it; its id. With `idempotencyKey`, callers that
 * race with the same key and body get one event between them (publishing twice is harmless).
 */
export async function createPublishedEvent(
  api: ApiClient,
  sellerToken: string,
  body: CreateEventBody,
  idempotencyKey?: string,
): Promise<string> {
  const id = await api.createEvent(sellerToken, body, idempotencyKey);
  await api.publish(sellerToken, id);
  return id;
}

/**
 * Logs in to an account that may not exist yet: on a 401 it is registered, then logged in. A
 * taken email whose password does not match stays a 401 (the register answers 409): say so.
 */
export async function loginOrRegister(
  api: ApiClient,
  account: { email: string; password: string; role: 'buyer' | 'seller'; name: string },
): Promise<{ token: string; registered: boolean }> {
  const { email, password, role, name } = account;
  try {
    return { token: await api.login(email, password), registered: false };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  try {
    await api.register(email, password, role, name);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409)
      throw LoadtestErrors.usage(
        `${email} exists with another password than the one given; use that password`,
        { cause: err },
      );
    throw err;
  }
  return { token: await api.login(email, password), registered: true };
}

/** The published event's layout and availability (GET /api/events/:id). */
export async function loadEvent(origins: ApiOrigins, eventId: string): Promise<EventViewValue> {
  const res = await fetch(new URL(`/api/events/${encodeURIComponent(eventId)}`, origins.ticketing));
  if (res.status !== 200)
    throw LoadtestErrors.systemUnexpected(`GET /api/events/${eventId}: HTTP ${res.status}`);
  return EventView.parse(await res.json());
}

/** Registers and logs in `count` buyers, `parallel` at a time (password hashing is slow on purpose). */
export async function registerBuyers(
  api: ApiClient,
  count: number,
  opts: { parallel: number; onProgress?: (done: number) => void; shouldStop: () => boolean },
): Promise<Buyer[]> {
  const run = randomBytes(4).toString('hex');
  const buyers: Buyer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && !opts.shouldStop()) {
      const email = `loadtest-buyer-${run}-${next++}@example.com`;
      await api.register(email, PASSWORD, 'buyer', 'Load test buyer');
      buyers.push({ email, token: await api.login(email, PASSWORD) });
      opts.onProgress?.(buyers.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.parallel, count) }, worker));
  return buyers;
}

/**
 * The buyers of a run: registered and logged in (16 at a time, `onProgress` after each), then
 * held back until booking knows the event, so the run's clock starts on a bookable event.
 */
export async function buyersReadyFor(
  api: ApiClient,
  count: number,
  eventId: string,
  opts: { onProgress?: (done: number) => void; shouldStop: () => boolean },
): Promise<Buyer[]> {
  const buyers = await registerBuyers(api, count, { parallel: 16, ...opts });
  if (buyers[0]) await waitUntilBookable(api, buyers[0].token, eventId);
  return buyers;
}

/**
 * Waits until booking knows the event (its catalog copy follows publication by a moment), so
 * the clock of a run starts on a bookable event. The probe names a section no event has: once
 * the event is known it is refused for that, and no booking is created.
 */
export async function waitUntilBookable(
  api: ApiClient,
  token: string,
  eventId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let n = 0; ; n++) {
    const r = await api.book(
      token,
      { eventId, mode: 'best-available', section: 'LOADTEST_PROBE_NO_SUCH_SECTION', quantity: 1 },
      `loadtest-probe-${eventId}-${n}`,
    );
    // 429: the probing buyer hit its rate limit; anything else but "unknown event" means known.
    if (r.accepted || (r.status !== 429 && r.code !== 'BOOKING_EVENT_UNKNOWN')) return;
    if (Date.now() > deadline)
      throw LoadtestErrors.systemUnexpected(
        `booking did not learn event ${eventId} within ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
