import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { z } from 'zod';
import { createHttpServer, type HttpServer } from '@shared/http';
import { createLogger } from '@shared/util';
import { DEFAULT_BODY_LIMIT_BYTES } from '../src/config';
import { ENGINES, startTestGateway } from './start-gateway';

/**
 * An oversized request body is the client's fault, whichever engine proxies and whoever refuses
 * it: a JSON 413, never a 503. The apps behind the gateway are the server every app builds on
 * (@shared/http: Fastify's default 64 KiB bodyLimit, 4 MiB on the layout routes, as
 * event-ticketing has them), and a plain server that takes a body of any size.
 */
const MiB = 1024 * 1024;

/** `bytes` of JSON, sent with a Content-Length. */
const jsonOf = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });

/** `bytes` of JSON as a stream: fetch sends it chunked, with no Content-Length. */
function chunked(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += 64 * 1024)));
    },
  });
}

async function post(url: string, body: string, opts: { chunked: boolean }): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(opts.chunked ? { body: chunked(body), duplex: 'half' } : { body }),
  } as RequestInit);
}

async function expectJson413(res: Response, message?: string): Promise<void> {
  expect(res.status).toBe(413);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('HTTP_BODY_TOO_LARGE');
  expect(typeof body.error.message).toBe('string');
  if (message) expect(body.error.message).toBe(message);
}

describe.each(ENGINES)('gateway (%s engine): an oversized body is a JSON 413', (engine) => {
  const gateways: { base: string; close(): Promise<void> }[] = [];
  let app: HttpServer;
  let sink: Server;
  let base: string;
  let appUrl: string;
  let sinkUrl: string;
  /** Bookings the app's handler took: a refused body must never get that far. */
  let booked = 0;
  /** Bodies the plain server read to their end, by size in bytes. */
  const sunk: number[] = [];
  /** Requests the plain server has open (ended or not). */
  let sinking = 0;

  beforeAll(async () => {
    app = createHttpServer({ logger: createLogger('app', 'silent') });
    app.post('/api/bookings', async (_request, reply) => {
      booked++;
      return reply.status(202).send({ accepted: true });
    });
    // An app that drops the connection without an answer, as one that crashes mid-body would.
    app.post(
      '/api/auth/drop',
      { onRequest: async (request) => void request.raw.destroy() },
      () => ({}),
    );
    app.post(
      '/api/events',
      { bodyLimit: 4 * MiB, schema: { body: z.object({ pad: z.string() }) } },
      async (request) => ({ padLength: request.body.pad.length }),
    );
    appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    // Stands in for an app without a limit of its own, on a seat route (any app would do).
    sink = createServer((req, res) => {
      sinking++;
      req.once('close', () => sinking--);
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        sunk.push(bytes);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes }));
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    base = await start({});
  });

  beforeEach(() => {
    booked = 0;
    sunk.length = 0;
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await app.close();
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  });

  async function start(env: Record<string, string>): Promise<string> {
    const gateway = await startTestGateway(engine, {
      BOOKING_URL: appUrl,
      TICKETING_URL: appUrl,
      SEAT_URLS: sinkUrl,
      WEB_DIST: '/nonexistent',
      ...env,
    });
    gateways.push(gateway);
    return gateway.base;
  }

  it.each([false, true])(
    "passes on the app's own 413 for a body under the gateway's limit (chunked: %s)",
    async (isChunked) => {
      // 5 MB, as in the report (under the gateway's 5 MiB), and just over the app's 64 KiB.
      for (const bytes of [5_000_000, 100_000]) {
        const res = await post(`${base}/api/bookings`, jsonOf(bytes), { chunked: isChunked });
        await expectJson413(res);
      }
      expect(booked).toBe(0);
      // The connections the refusals went over serve the next request.
      const ok = await post(`${base}/api/bookings`, jsonOf(100), { chunked: isChunked });
      expect(ok.status).toBe(202);
      expect(booked).toBe(1);
    },
  );

  it("refuses a chunked body above the gateway's limit before an app reads all of it", async () => {
    const res = await post(`${base}/api/events/ev1/seats`, jsonOf(DEFAULT_BODY_LIMIT_BYTES + 1), {
      chunked: true,
    });
    await expectJson413(res, `request body is larger than ${DEFAULT_BODY_LIMIT_BYTES} bytes`);
    expect(sunk).toEqual([]);
  });

  it('takes its limit from GATEWAY_BODY_LIMIT_BYTES, with or without a Content-Length', async () => {
    const small = await start({ GATEWAY_BODY_LIMIT_BYTES: '50000' });
    for (const isChunked of [false, true]) {
      const res = await post(`${small}/api/events/ev1/seats`, jsonOf(50_001), {
        chunked: isChunked,
      });
      await expectJson413(res, 'request body is larger than 50000 bytes');
      const ok = await post(`${small}/api/events/ev1/seats`, jsonOf(50_000), {
        chunked: isChunked,
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ bytes: 50_000 });
    }
    expect(sunk).toEqual([50_000, 50_000]);
  });

  it('passes a body up to the largest app limit (a 4 MiB layout) whole, chunked or not', async () => {
    for (const isChunked of [false, true]) {
      const res = await post(`${base}/api/events`, jsonOf(4 * MiB), { chunked: isChunked });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ padLength: 4 * MiB - 10 });
    }
  });

  it('still says 503 when an app drops the connection mid-body without an answer', async () => {
    for (const isChunked of [false, true]) {
      const res = await post(`${base}/api/auth/drop`, jsonOf(1_000_000), { chunked: isChunked });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'GATEWAY_UPSTREAM_UNAVAILABLE' } });
    }
  });

  it('does not leave the app waiting for the rest of a body whose client went away', async () => {
    const { hostname, port } = new URL(base);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.write(
      'POST /api/events/ev1/seats HTTP/1.1\r\nHost: gateway\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n' +
        'x'.repeat(100_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    for (let i = 0; i < 50 && sinking > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sinking).toBe(0);
    expect(sunk).toEqual([]);
  });
});
