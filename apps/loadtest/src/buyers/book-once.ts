/**
 * One booking as a buyer makes it. `wait` (what the web UI does): POST /api/bookings with
 * `Prefer: wait=10`, whose answer is the decision; only a 202 (no decision within the wait)
 * falls back to the stream. `stream`: POST, then wait for the decision on the booking's SSE
 * stream (the UI before issue 25). Answers what happened in one shape, for spike and ramp alike.
 */
import type { CreateBookingBody } from '@shared/contracts';
import type { ApiClient } from '../http/api-client';
import { reasonCode, waitForDecision } from './booking-decision';

export type BookOnce =
  | { ok: true; id: string; seats: number }
  /** `http` for a refusal of the request itself (4xx/5xx), else the booking's FAILED reason. */
  | { ok: false; code: string; http?: number };

export type DecisionMode = 'wait' | 'stream';

/** Seconds a `wait` request asks to wait (booking's maximum). */
const WAIT_S = 10;

export async function bookOnce(
  api: ApiClient,
  bookingOrigin: string,
  token: string,
  body: CreateBookingBody,
  idempotencyKey: string,
  mode: DecisionMode = 'wait',
): Promise<BookOnce> {
  const sent = await api
    .book(token, body, idempotencyKey, mode === 'wait' ? WAIT_S : undefined)
    .catch(() => ({ accepted: false as const, status: 0, code: 'NETWORK_ERROR' }));
  if (!sent.accepted)
    return { ok: false, code: `HTTP ${sent.status} ${sent.code}`, http: sent.status };
  const view =
    'decided' in sent
      ? sent.decided
      : await waitForDecision(api, bookingOrigin, token, sent.id, 60_000);
  if (!view) return { ok: false, code: 'NO_DECISION_WITHIN_60S' };
  if (view.status === 'PENDING_PAYMENT' || view.status === 'PAID')
    return { ok: true, id: view.id, seats: view.seats.length };
  return { ok: false, code: reasonCode(view.reason) };
}
