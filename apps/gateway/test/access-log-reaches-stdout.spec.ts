import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, stopChild } from '@shared/testing';
import { waitFor } from '@shared/util';

/**
 * The gateway as deployed (server.ts, nginx engine) with its stdout piped, as a supervisor or a
 * container runtime reads it. nginx cannot open /dev/stdout when stdout is a pipe or socket, so
 * its access log goes through a FIFO the gateway copies to its own stdout: a request must show up
 * there as one JSON line, with the id the client was given.
 */
describe('gateway (nginx engine): the access log reaches the gateway’s stdout', () => {
  let upstream: Server;
  let gateway: ChildProcess | undefined;
  let out = '';
  let base: string;
  let upstreamHost: string;

  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"bookings":[]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'src', 'server.ts')],
      {
        env: {
          ...process.env,
          GATEWAY_ENGINE: 'nginx',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'info',
          BOOKING_URL: `http://${upstreamHost}`,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    gateway.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await waitFor(
      'the gateway to answer',
      async () => {
        if (gateway!.exitCode !== null) throw new Error(`gateway exited (${gateway!.exitCode})`);
        return (await fetch(`${base}/health`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  afterAll(async () => {
    if (gateway) await stopChild(gateway);
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('writes one JSON line per request, with method, path, status and request id', async () => {
    const res = await fetch(`${base}/api/bookings?access-log-probe=1`);
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    // nginx buffers the log for up to a second before it writes.
    const line = await waitFor(
      'the access-log line on stdout',
      () =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l['url'] === '/api/bookings?access-log-probe=1'),
      { timeoutMs: 10_000 },
    );
    expect(line).toMatchObject({
      name: 'gateway',
      msg: 'request completed',
      method: 'GET',
      status: 200,
      reqId: requestId,
    });
    // Proxied to booking's upstream, which answered.
    expect(line['upstream']).toBe(upstreamHost);
  });
});
