import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SseClient } from '@shared/testing';
import { createLogger } from '@shared/util';
import type { HttpServer } from '@shared/http';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

/**
 * The gateway in front of real HTTP servers standing in for the apps: JSON goes through with
 * the request id, an SSE stream arrives event by event while the upstream still holds it open,
 * and what no app owns is a JSON 404.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('gateway: routes /api/* to the apps, streams unbuffered', () => {
  const servers: Server[] = [];
  let gateway: HttpServer;
  let base: string;
  /** Ends the upstream's open SSE response; set by the stream handler. */
  let endStream: (() => void) | undefined;
  /** Resolves when the upstream sees its open SSE response closed. */
  let streamClosed: Promise<void> = Promise.resolve();
  const seen: {
    app: string;
    method: string;
    url: string;
    requestId: string;
    forwardedFor: string;
    body: string;
  }[] = [];

  const app =
    (name: string): Handler =>
    (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({
          app: name,
          method: req.method!,
          url: req.url!,
          requestId: String(req.headers['x-request-id']),
          forwardedFor: String(req.headers['x-forwarded-for']),
          body,
        });
        if (req.url?.includes('/stream')) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.write(`event: snapshot\ndata: {"from":"${name}"}\n\n`);
          streamClosed = new Promise((resolve) => res.once('close', () => resolve()));
          endStream = () => {
            res.write('event: delta\ndata: {"last":true}\n\n');
            res.end();
          };
          return;
        }
        json(res, name === 'booking' && req.method === 'POST' ? 202 : 200, { app: name, body });
      });
    };

  beforeAll(async () => {
    const ticketing = await listen(app('ticketing'));
    const booking = await listen(app('booking'));
    const seat = await listen(app('seat'));
    // A seat node that is down: its port is taken and released, so nothing listens there.
    const dead = await listen(() => undefined);
    await new Promise((resolve) => dead.server.close(resolve));
    servers.push(ticketing.server, booking.server, seat.server);
    const config = loadConfig({
      PORT: '0',
      TICKETING_URL: ticketing.url,
      BOOKING_URL: booking.url,
      SEAT_URLS: `${dead.url},${seat.url}`,
      WEB_DIST: '/nonexistent',
    });
    gateway = await buildApp({ config, logger: createLogger('gateway-test', 'silent') });
    base = await gateway.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    endStream?.();
    await gateway?.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('proxies JSON both ways to the owning app, with the request id', async () => {
    const res = await fetch(`${base}/api/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-test-1' },
      body: JSON.stringify({ eventId: 'ev1', quantity: 2 }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe('req-test-1');
    expect(await res.json()).toEqual({
      app: 'booking',
      body: JSON.stringify({ eventId: 'ev1', quantity: 2 }),
    });
    expect(seen.at(-1)).toMatchObject({
      app: 'booking',
      url: '/api/bookings',
      requestId: 'req-test-1',
      forwardedFor: '127.0.0.1',
    });

    const events = await fetch(`${base}/api/events?q=rock&page=2`);
    expect(await events.json()).toMatchObject({ app: 'ticketing' });
    expect(seen.at(-1)).toMatchObject({ url: '/api/events?q=rock&page=2' });
    // Without a client id, the gateway makes one and passes it on.
    expect(seen.at(-1)!.requestId).toBe(events.headers.get('x-request-id'));
    expect(await (await fetch(`${base}/api/auth/me`)).json()).toMatchObject({ app: 'ticketing' });
  });

  it('passes an SSE stream through as it is written, skipping a seat node that is down', async () => {
    const stream = await SseClient.open(`${base}/api/events/ev1/stream?section=A`);
    try {
      expect(stream.status).toBe(200);
      // The upstream has not ended its response: the first event can only be here unbuffered.
      const first = await stream.next(5000);
      expect(first).toMatchObject({ event: 'snapshot', data: '{"from":"seat"}' });
      expect(endStream).toBeDefined();
      expect(stream.ended).toBe(false);
      endStream!();
      expect(await stream.next(5000)).toMatchObject({ event: 'delta' });
      expect((await stream.drainToEnd(5000)).ended).toBe(true);
    } finally {
      stream.close();
    }
    // The dead node was marked down: the seat routes keep answering from the live one.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/events/ev1/seats`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ app: 'seat' });
    }
  });

  it('closes the upstream stream when the browser goes away', async () => {
    const stream = await SseClient.open(`${base}/api/bookings/b1/stream`);
    expect(await stream.next(5000)).toMatchObject({ data: '{"from":"booking"}' });
    const closed = streamClosed;
    stream.close();
    // Otherwise every closed tab would leave a subscription open in the app behind.
    let timer: NodeJS.Timeout | undefined;
    await expect(
      Promise.race([
        closed.then(() => 'closed'),
        new Promise((resolve) => (timer = setTimeout(() => resolve('still open'), 5000))),
      ]),
    ).resolves.toBe('closed');
    clearTimeout(timer);
  });

  it('answers an /api route no app owns with a JSON 404', async () => {
    for (const path of ['/api/nope', '/api', '/api/eventsx/1']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('GATEWAY_ROUTE_NOT_FOUND');
      expect(typeof body.error.message).toBe('string');
    }
    const page = await fetch(`${base}/no-such-page.html`);
    expect(page.status).toBe(404);
    expect(await page.json()).toMatchObject({ error: { code: 'HTTP_NOT_FOUND' } });
  });

  it('says which app is down as JSON 503, never a stack trace', async () => {
    const down = await buildApp({
      config: loadConfig({ BOOKING_URL: 'http://127.0.0.1:1', WEB_DIST: '/nonexistent' }),
      logger: createLogger('gateway-test', 'silent'),
    });
    try {
      const res = await down.inject({ method: 'GET', url: '/api/bookings' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        error: {
          code: 'GATEWAY_UPSTREAM_UNAVAILABLE',
          message: 'the booking service is unavailable; retry shortly',
        },
      });
    } finally {
      await down.close();
    }
  });
});
