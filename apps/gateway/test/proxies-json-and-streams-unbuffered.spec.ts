import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SseClient } from '@shared/testing';
import { ENGINES, startTestGateway } from './start-gateway';

/**
 * The gateway in front of real HTTP servers standing in for the apps, once per engine (nginx
 * and node answer alike): JSON goes through with the request id, an SSE stream arrives event
 * by event while the upstream still holds it open, and what no app owns is a JSON 404.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The raw answer to bytes no HTTP client would send, up to when the gateway closes. */
async function rawRequest(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.end(bytes);
  let answer = '';
  for await (const chunk of socket) answer += String(chunk);
  return answer;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe.each(ENGINES)(
  'gateway (%s engine): routes /api/* to the apps, streams unbuffered',
  (engine) => {
    const servers: Server[] = [];
    let gateway: { base: string; close(): Promise<void> } | undefined;
    let base: string;
    let webDist: string;
    /** Ends the upstream's open SSE response; set by the stream handler. */
    let endStream: (() => void) | undefined;
    /** Bytes the upstream's flood stream got rid of, and the most it tries. */
    let flooded = 0;
    const FLOOD_LIMIT = 64 * 1024 * 1024;
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
          if (req.url?.includes('/flood/stream')) {
            // As much as the gateway will take while its client reads nothing.
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            const event = `data: ${'x'.repeat(64 * 1024)}\n\n`;
            const push = () => {
              while (flooded < FLOOD_LIMIT && !res.destroyed) {
                flooded += event.length;
                if (!res.write(event)) return void res.once('drain', push);
              }
            };
            push();
            return;
          }
          if (req.url?.includes('/stream')) {
            res.writeHead(200, {
              'content-type': 'text/event-stream',
              'cache-control': 'no-cache',
            });
            res.write(`event: snapshot\ndata: {"from":"${name}"}\n\n`);
            streamClosed = new Promise((resolve) => res.once('close', () => resolve()));
            endStream = () => {
              res.write('event: delta\ndata: {"last":true}\n\n');
              res.end();
            };
            return;
          }
          // An app's own id header must not reach the client beside the gateway's.
          res.setHeader('x-request-id', 'set-by-the-app');
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
      // mkdtemp makes it 0700: readable by root only, not by nginx's workers (nobody) under root.
      webDist = mkdtempSync(join(tmpdir(), 'gateway-web-'));
      mkdirSync(join(webDist, 'assets'));
      writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>seats</title>');
      writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log(1);');
      writeFileSync(join(webDist, '.env'), 'SECRET=do-not-serve');
      writeFileSync(join(webDist, 'assets', '.hidden.js'), 'secret();');
      // Explicitly, whatever the umask.
      for (const dir of [webDist, join(webDist, 'assets')]) chmodSync(dir, 0o755);
      for (const file of ['index.html', 'assets/index-abc123.js', '.env', 'assets/.hidden.js']) {
        chmodSync(join(webDist, file), 0o644);
      }
      gateway = await startTestGateway(engine, {
        TICKETING_URL: ticketing.url,
        BOOKING_URL: booking.url,
        SEAT_URLS: `${dead.url},${seat.url}`,
        WEB_DIST: webDist,
        // Short, so the stream case shows that an open stream is exempt from it.
        UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
      });
      base = gateway.base;
    });

    afterAll(async () => {
      endStream?.();
      await gateway?.close();
      rmSync(webDist, { recursive: true, force: true });
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
      // Exactly once: the app's own copy is hidden.
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
        // Quiet for longer than the headers timeout: an open stream has no read timeout.
        await new Promise((resolve) => setTimeout(resolve, 1500));
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

    it('holds a stream back while the browser reads nothing, spooling none of it', async () => {
      const abort = new AbortController();
      const res = await fetch(`${base}/api/bookings/flood/stream`, { signal: abort.signal });
      try {
        expect(res.status).toBe(200);
        // Unbuffered, the app meets backpressure once the sockets' buffers are full (a few MiB);
        // a buffering proxy would take all 64 MiB into memory or onto disk.
        let last = -1;
        for (let i = 0; i < 50 && flooded !== last; i++) {
          last = flooded;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(flooded).toBeLessThan(FLOOD_LIMIT / 2);
      } finally {
        abort.abort();
      }
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
      // JSON, whatever the path's extension says.
      expect(page.headers.get('content-type')).toMatch(/application\/json/);
      expect(await page.json()).toMatchObject({ error: { code: 'HTTP_NOT_FOUND' } });
    });

    it('says which app is down as JSON 503, never a stack trace', async () => {
      // Nothing listens on port 1; the API works without a built web UI.
      const down = await startTestGateway(engine, {
        BOOKING_URL: 'http://127.0.0.1:1',
        WEB_DIST: '/nonexistent',
      });
      try {
        const res = await fetch(`${down.base}/api/bookings`);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toEqual({
          error: {
            code: 'GATEWAY_UPSTREAM_UNAVAILABLE',
            message: 'the booking service is unavailable; retry shortly',
          },
        });
        expect((await fetch(`${down.base}/`)).status).toBe(404);
      } finally {
        await down.close();
      }
    });

    it('bounds request bodies at 5 MiB with a JSON 413', async () => {
      const res = await fetch(`${base}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'HTTP_BODY_TOO_LARGE' } });
    });

    it('answers a garbled or over-long request line with a JSON 4xx, never an HTML page', async () => {
      // nginx raises these before it has a URI, when an error page at a named location fails.
      const garbled = await rawRequest(base, 'GARBAGE\r\n\r\n');
      expect(garbled).toMatch(/^HTTP\/1\.1 400 /);
      expect(garbled).toMatch(/^content-type: application\/json/im);
      const long = await fetch(`${base}/api/bookings?q=${'a'.repeat(9000)}`);
      expect(long.status).toBeLessThan(500);
      expect(long.headers.get('content-type')).toMatch(/application\/json/);
      await long.body?.cancel();
    });

    it('answers /health and /ready itself', async () => {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    });

    it('serves the web UI, its hashed assets cached for good', async () => {
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<title>seats</title>');
      expect(page.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
      const asset = await fetch(`${base}/assets/index-abc123.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await asset.text()).toBe('console.log(1);');
      const missing = await fetch(`${base}/assets/nope.js`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'HTTP_NOT_FOUND' } });
    });

    it('never serves dotfiles from the web UI folder', async () => {
      for (const path of ['/.env', '/assets/.hidden.js', '/assets/../.env']) {
        const res = await fetch(`${base}${path}`);
        expect([path, res.status]).toEqual([path, 404]);
        expect(await res.text()).not.toMatch(/SECRET|secret\(\)/);
      }
    });
  },
);
