import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { createPgPool } from '@shared/db';
import { createBookingMetrics } from './metrics';

/**
 * /metrics is what an operator looks at when something is wrong, so PostgreSQL being down or
 * stuck must not take the whole scrape with it: the process metrics and the counters still
 * come, and the gauges read from PostgreSQL say NaN (unknown), not a stale or made-up 0.
 */
describe('booking metrics when PostgreSQL does not answer', () => {
  const pools: Pool[] = [];
  const sockets = new Set<Socket>();
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    // Accepts connections and never says a word: a hung server, or a pool waiting forever.
    silent = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  });

  const pool = (url: string) => {
    const p = createPgPool(url, { max: 2 });
    pools.push(p);
    return p;
  };
  const expectUnknownGauges = (body: string) => {
    // prom-client writes NaN as "Nan"; Prometheus reads either.
    expect(body).toMatch(/^booking_processing NaN$/im);
    expect(body).toMatch(/^booking_processing_oldest_seconds NaN$/im);
    expect(body).toMatch(/^booking_outbox_unsent NaN$/im);
    expect(body).toContain('booking_status_changes_total{to="PAID"} 1');
    expect(body).toContain('process_cpu_user_seconds_total');
  };

  it('still answers with the process metrics and counters when the connection is refused', async () => {
    // Port 1: nothing listens there, so the connection is refused at once.
    const m = createBookingMetrics(pool('postgres://u:p@127.0.0.1:1/db'), { timeoutMs: 1000 });
    m.statusChanges.inc({ to: 'PAID' });
    expectUnknownGauges(await m.registry.metrics());
  });

  it('answers within its time limit when PostgreSQL hangs', async () => {
    const m = createBookingMetrics(pool(`postgres://u:p@127.0.0.1:${silentPort}/db`), {
      timeoutMs: 300,
    });
    m.statusChanges.inc({ to: 'PAID' });
    const started = Date.now();
    expectUnknownGauges(await m.registry.metrics());
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
