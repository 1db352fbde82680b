/**
 * The public HTTP API as load tests use it: accounts, events, bookings. Everything goes
 * through one origin (the gateway) unless the ticketing and booking origins are given apart
 * (an app run alone, or the specs). Bodies follow @shared/contracts; responses are checked.
 */
import {
  BookingAccepted,
  BookingView,
  ErrorBody,
  EventStatus,
  EventSummary,
  TokenBody,
  type CreateBookingBody,
  type CreateEventBody,
} from '@shared/contracts';
import { z } from 'zod';
import { LoadtestErrors } from '../loadtest.errors';
import { createKeepAliveHttp, type KeepAliveHttp } from './keepalive';

/** GET /api/events/mine: the seller's own events, drafts included. */
const OwnEvents = z.object({ items: z.array(EventSummary.extend({ status: EventStatus })) });
export type OwnEvent = z.infer<typeof OwnEvents>['items'][number];

export interface ApiOrigins {
  /** accounts and events (event-ticketing) */
  ticketing: string;
  /** bookings (booking) */
  booking: string;
}

export type BookResult =
  | { accepted: true; id: string }
  /** Answered decided (`Prefer: wait`): the booking as it stands. */
  | { accepted: true; id: string; decided: BookingView }
  | { accepted: false; status: number; code: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createApiClient(origins: ApiOrigins, opts: { timeoutMs?: number } = {}) {
  const timeout = opts.timeoutMs ?? 30_000;
  const http = createKeepAliveHttp();
  const call = async (
    origin: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown }> => {
    const url = new URL(path, origin);
    const res = await http
      .request(method, url, {
        headers,
        timeoutMs: timeout,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      .catch((err: Error) => {
        // Name the address: "socket hang up" alone does not say which app is down.
        throw LoadtestErrors.systemUnexpected(`${method} ${url.toString()}: ${err.message}`, {
          cause: err,
        });
      });
    let json: unknown = undefined;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      json = { error: { code: 'NOT_JSON', message: res.text.slice(0, 200) } };
    }
    return { status: res.status, json };
  };
  const fail = (what: string, r: { status: number; json: unknown }): never => {
    const e = ErrorBody.safeParse(r.json);
    const code = e.success ? e.data.error.code : `HTTP_${r.status}`;
    throw new ApiError(
      r.status,
      code,
      `${what}: HTTP ${r.status} ${e.success ? e.data.error.message : ''}`,
    );
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  return {
    async register(email: string, password: string, role: 'buyer' | 'seller', name: string) {
      const r = await call(origins.ticketing, 'POST', '/api/auth/register', {
        email,
        password,
        role,
        name,
      });
      if (r.status !== 201) fail(`register ${email}`, r);
    },
    async login(email: string, password: string): Promise<string> {
      const r = await call(origins.ticketing, 'POST', '/api/auth/login', { email, password });
      if (r.status !== 200) fail(`login ${email}`, r);
      return TokenBody.parse(r.json).token;
    },
    /**
     * A new draft's id. With `idempotencyKey`, a repeat of the same create (200: the event the
     * first one made) is as good as the first (201).
     */
    async createEvent(
      token: string,
      body: CreateEventBody,
      idempotencyKey?: string,
    ): Promise<string> {
      const r = await call(origins.ticketing, 'POST', '/api/events', body, {
        ...bearer(token),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      });
      if (r.status !== 201 && !(idempotencyKey && r.status === 200)) fail('create event', r);
      return (r.json as { id: string }).id;
    },
    async ownEvents(token: string): Promise<OwnEvent[]> {
      const r = await call(origins.ticketing, 'GET', '/api/events/mine', undefined, bearer(token));
      if (r.status !== 200) fail('own events', r);
      return OwnEvents.parse(r.json).items;
    },
    async publish(token: string, eventId: string): Promise<void> {
      const r = await call(
        origins.ticketing,
        'POST',
        `/api/events/${eventId}/publish`,
        undefined,
        bearer(token),
      );
      if (r.status !== 200) fail(`publish ${eventId}`, r);
    },
    /**
     * POST /api/bookings. With `waitS`, asks the answer to wait up to that long for the
     * decision (Prefer: wait, RFC 7240): a 200 then carries the decided booking.
     */
    async book(
      token: string,
      body: CreateBookingBody,
      idempotencyKey: string,
      waitS?: number,
    ): Promise<BookResult> {
      const r = await call(origins.booking, 'POST', '/api/bookings', body, {
        ...bearer(token),
        'idempotency-key': idempotencyKey,
        ...(waitS ? { prefer: `wait=${waitS}` } : {}),
      });
      if (r.status === 202) return { accepted: true, id: BookingAccepted.parse(r.json).id };
      if (r.status === 200) {
        const decided = BookingView.parse(r.json);
        return { accepted: true, id: decided.id, decided };
      }
      const e = ErrorBody.safeParse(r.json);
      return {
        accepted: false,
        status: r.status,
        code: e.success ? e.data.error.code : `HTTP_${r.status}`,
      };
    },
    async booking(token: string, id: string): Promise<BookingView> {
      const r = await call(origins.booking, 'GET', `/api/bookings/${id}`, undefined, bearer(token));
      if (r.status !== 200) fail(`booking ${id}`, r);
      return BookingView.parse(r.json);
    },
    async pay(token: string, id: string, cardNumber = '4242424242424242'): Promise<BookingView> {
      const r = await call(
        origins.booking,
        'POST',
        `/api/bookings/${id}/pay`,
        { cardNumber },
        bearer(token),
      );
      if (r.status !== 200) fail(`pay ${id}`, r);
      return BookingView.parse(r.json);
    },
    /** The pooled connections, for SSE streams on the same sockets. */
    http: http as KeepAliveHttp,
    close: () => http.close(),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
