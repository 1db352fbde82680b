/**
 * One booking as a buyer makes it: POST /api/bookings, then wait for the decision on the
 * booking's SSE stream. Answers what happened in one shape, for spike and ramp alike.
 */
import type { CreateBookingBody } from '@shared/contracts';
import type { ApiClient } from '../http/api-client';
import { reasonCode, waitForDecision } from './booking-decision';

export type BookOnce =
  | { ok: true; id: string; seats: number }
  /** `http` for a refusal of the request itself (4xx/5xx), else the booking's FAILED reason. */
  | { ok: false; code: string; http?: number };

export async function bookOnce(
  api: ApiClient,
  bookingOrigin: string,
  token: string,
  body: CreateBookingBody,
  idempotencyKey: string,
): Promise<BookOnce> {
  const sent = await api
    .book(token, body, idempotencyKey)
    .catch(() => ({ accepted: false as const, status: 0, code: 'NETWORK_ERROR' }));
  if (!sent.accepted)
    return { ok: false, code: `HTTP ${sent.status} ${sent.code}`, http: sent.status };
  const view = await waitForDecision(api, bookingOrigin, token, sent.id, 60_000);
  if (!view) return { ok: false, code: 'NO_DECISION_WITHIN_60S' };
  if (view.status === 'PENDING_PAYMENT' || view.status === 'PAID')
    return { ok: true, id: view.id, seats: view.seats.length };
  return { ok: false, code: reasonCode(view.reason) };
}
