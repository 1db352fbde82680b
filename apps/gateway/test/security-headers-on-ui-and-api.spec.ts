import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, startTestGateway } from './start-gateway';

/**
 * Every answer of the public origin carries the security headers, from either engine (issue
 * 21): MIME sniffing off, framing refused (CSP frame-ancestors and X-Frame-Options), a
 * Content-Security-Policy (the UI's own for its files, nothing-allowed for JSON), no referrer.
 * Each header once, even where the app behind sent its own.
 */
const SHARED = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function expectUi(res: Response): void {
  expect(res.status).toBe(200);
  for (const [name, value] of Object.entries(SHARED)) expect(res.headers.get(name)).toBe(value);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
}

function expectApi(res: Response): void {
  for (const [name, value] of Object.entries(SHARED)) expect(res.headers.get(name)).toBe(value);
  expect(res.headers.get('content-security-policy')).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
}

describe.each(ENGINES)('gateway (%s engine): security headers', (engine) => {
  let upstream: Server;
  let gateway: { base: string; close(): Promise<void> };
  let webDist: string;

  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'gw-headers-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Seats</title>');
    writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log(1)');
    // An app that sends its own, weaker framing and sniffing headers: the gateway's win.
    upstream = createServer((req, res) => {
      if (req.url?.endsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {}\n\n');
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-frame-options': 'SAMEORIGIN',
        'x-content-type-options': 'sniff-away',
      });
      res.end('{"items":[]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startTestGateway(engine, {
      TICKETING_URL: url,
      BOOKING_URL: url,
      SEAT_URLS: url,
      WEB_DIST: webDist,
    });
  });

  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    rmSync(webDist, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${gateway.base}${path}`);

  it("gives the UI's page and its assets the UI's policy", async () => {
    expectUi(await get('/'));
    expectUi(await get('/assets/index-abc123.js'));
  });

  it("gives the API's answers the nothing-allowed policy, once, over the app's own headers", async () => {
    const res = await get('/api/events');
    expect(res.status).toBe(200);
    expectApi(res);
  });

  it("gives streams, health and the gateway's own errors the API's headers", async () => {
    const stream = await get('/api/events/evt_1/stream');
    expect(stream.status).toBe(200);
    expectApi(stream);
    await stream.body?.cancel();
    expectApi(await get('/health'));
    const noRoute = await get('/api/nowhere');
    expect(noRoute.status).toBe(404);
    expectApi(noRoute);
    const noFile = await get('/missing.txt');
    expect(noFile.status).toBe(404);
    expectApi(noFile);
  });
});
