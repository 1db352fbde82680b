import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import { createTestTopics, testDatabaseUrl, testKafka, testNamespace } from '@shared/testing';
import { waitFor } from '@shared/util';
import { createApiClient, type ApiClient } from '../src/http/api-client';
import { runCli, startApp, startCli, startSeatEngine } from './support';

/** The JSON report a CLI run wrote into `dir` (`<kind>-<time>.json`), and its file name. */
function readReport<T>(dir: string, kind: string): { file: string; report: T } {
  const file = readdirSync(dir).find((f) => f.startsWith(`${kind}-`) && f.endsWith('.json'));
  if (!file) throw new Error(`no ${kind} report in ${dir}`);
  return { file, report: JSON.parse(readFileSync(join(dir, file), 'utf8')) as T };
}

/**
 * The whole system on a private namespace and database: a seat node, event-ticketing and
 * booking (their real servers). A spike sells an event out through the HTTP API and verify
 * passes on it; on another event, verify passes, then fails once a double booking or a ticket
 * that disagrees with the seat state is written straight into PostgreSQL.
 */
describe('spike and verify against the running system', () => {
  const JWT_SECRET = 'loadtest-verify-spec-secret-0123456789abcdef';
  let kafka: Kafka;
  let ns: string;
  let dbUrl: string;
  let db: Client;
  let api: ApiClient;
  let urls: { ticketing: string; booking: string };
  let gatewayUrl: string;
  const stops: (() => Promise<void>)[] = [];
  let eventId: string;
  let held: { id: string; seats: string[]; status: string }[] = [];

  const verify = (wait: string) =>
    runCli([
      'verify',
      '--event',
      eventId,
      '--namespace',
      ns,
      '--database-url',
      dbUrl,
      '--stores',
      'changelog,availability,seatmap,tickets,bookings',
      '--seat-url',
      gatewayUrl,
      '--wait',
      wait,
    ]);

  beforeAll(async () => {
    kafka = testKafka('loadtest-verify-spec');
    ns = testNamespace('lv');
    dbUrl = testDatabaseUrl(ns);
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    const topics = await createTestTopics(kafka, ns);
    stops.push(topics.cleanup, () => dropDatabase(dbUrl));
    const engine = await startSeatEngine(kafka, ns);
    stops.push(engine.stop);
    const env = {
      KAFKA_NAMESPACE: ns,
      DATABASE_URL: dbUrl,
      REDIS_KEY_PREFIX: `${ns}:`,
      JWT_SECRET,
    };
    const [ticketing, booking] = await Promise.all([
      // The spike's buyers all sign up and log in from this host: the per-address limits of a
      // real deployment would refuse them (as npm start raises them for local load tests).
      startApp('event-ticketing', {
        ...env,
        SIGNUPS_PER_ADDRESS: '100000',
        LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
      }),
      startApp('booking', { ...env, OUTBOX_POLL_MS: '20', BOOKING_INSTANCE_ID: ns }),
    ]);
    stops.push(ticketing.stop, booking.stop);
    urls = { ticketing: ticketing.url, booking: booking.url };
    // The public origin, as buyers reach it: the gateway in front of the apps.
    const gateway = await startApp('gateway', {
      TICKETING_URL: ticketing.url,
      BOOKING_URL: booking.url,
      SEAT_URLS: engine.url,
    });
    stops.push(gateway.stop);
    gatewayUrl = gateway.url;
    api = createApiClient(urls);
    db = new Client({ connectionString: dbUrl });
    await db.connect();
    stops.push(() => db.end());

    const password = 'a long enough password';
    await api.register(`seller-${ns}@example.com`, password, 'seller', 'Seller');
    const seller = await api.login(`seller-${ns}@example.com`, password);
    eventId = await api.createEvent(seller, {
      name: 'Verify night',
      venue: 'Hall',
      startsAt: '2027-06-01T19:30:00Z',
      sections: ['S1', 'S2'].map((name) => ({
        name,
        price: 4000,
        rows: [1, 2].map((r) => ({ label: String(r), seats: 6 })),
      })),
    });
    await api.publish(seller, eventId);
    await api.register(`buyer-${ns}@example.com`, password, 'buyer', 'Buyer');
    const buyer = await api.login(`buyer-${ns}@example.com`, password);
    const requests = [
      { eventId, mode: 'best-available' as const, section: 'S1', quantity: 2 },
      { eventId, mode: 'best-available' as const, section: 'S2', quantity: 3 },
      { eventId, mode: 'manual' as const, seats: ['S1-2-5', 'S1-2-6'] },
      { eventId, mode: 'manual' as const, seats: ['S1-2-6'] }, // loses: seat taken just before
    ];
    for (const [i, body] of requests.entries()) {
      // Booking learns the event from the catalog topic a moment after publication.
      const accepted = await waitFor(
        `booking ${i} accepted`,
        async () => {
          const r = await api.book(buyer, body, `verify-spec-${ns}-${i}`);
          return r.accepted ? r : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const view = await waitFor(
        `booking ${i} decided`,
        async () => {
          const v = await api.booking(buyer, accepted.id);
          return v.status === 'PROCESSING' ? undefined : v;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      held.push({ id: view.id, seats: view.seats, status: view.status });
    }
    expect(held.map((h) => h.status)).toEqual([
      'PENDING_PAYMENT',
      'PENDING_PAYMENT',
      'PENDING_PAYMENT',
      'FAILED',
    ]);
    const paid = await api.pay(buyer, held[1]!.id);
    expect(paid.status).toBe('PAID');
    held = held.map((h, i) => (i === 1 ? { ...h, status: 'PAID' } : h));
  }, 240_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  it('spike: buyers with real accounts sell an event out through the gateway, and the stores stay consistent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadtest-spike-'));
    try {
      const run = await runCli([
        'spike',
        '--base-url',
        gatewayUrl,
        '--buyers',
        '6',
        '--sections',
        '2',
        '--rows',
        '2',
        '--seats-per-row',
        '8',
        '--deadline',
        '90',
        '--report-dir',
        dir,
      ]);
      expect(run.stderr).not.toMatch(/loadtest:/);
      expect(run.code).toBe(0);
      const { file, report } = readReport<{
        figures: Record<string, unknown>;
        latency: { count: number; p99Ms: number };
      }>(dir, 'spike');
      expect(report.figures['sold out']).toBe(true);
      expect(report.figures['seats held']).toBe(32);
      expect(report.latency.count).toBeGreaterThanOrEqual(8);
      expect(readdirSync(dir)).toContain(file.replace('.json', '.html'));
      const checked = await runCli([
        'verify',
        '--event',
        String(report.figures['event']),
        '--namespace',
        ns,
        '--database-url',
        dbUrl,
        '--wait',
        '30',
      ]);
      expect(checked.stdout).toContain('OK: no violations');
      expect(checked.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * A small ramp against the apps from 2 arrivals/s: 4 buyers, a fresh event of 100 seats, and
   * best-available only (a manual pick may collide, and every arrival must be a booking).
   */
  const rampArgs = (o: { toRate: number; duration: number; reportDir: string }) => [
    'ramp',
    '--ticketing-url',
    urls.ticketing,
    '--booking-url',
    urls.booking,
    '--buyers',
    '4',
    '--sections',
    '2',
    '--rows',
    '5',
    '--seats-per-row',
    '10',
    '--from-rate',
    '2',
    '--to-rate',
    String(o.toRate),
    '--duration',
    String(o.duration),
    '--manual-share',
    '0',
    '--report-dir',
    o.reportDir,
  ];

  it('ramp: an open-model arrival rate, every scheduled booking decided and measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadtest-ramp-'));
    try {
      const run = await runCli(rampArgs({ toRate: 6, duration: 3, reportDir: dir }));
      expect(run.stderr).not.toMatch(/loadtest:/);
      expect(run.code).toBe(0);
      const { report } = readReport<{
        figures: Record<string, number>;
        latency: { count: number };
        timeline: { completed: number }[];
      }>(dir, 'ramp');
      // (2 + 6) / 2 * 3 s = 12 arrivals, each decided (held: 50 seats are plenty).
      expect(report.figures['arrivals scheduled']).toBeGreaterThanOrEqual(11);
      expect(report.latency.count).toBe(report.figures['arrivals scheduled']);
      expect(report.figures['bookings']).toBe(report.figures['arrivals scheduled']);
      expect(report.timeline.reduce((n, t) => n + t.completed, 0)).toBe(report.latency.count);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ramp: Ctrl-C stops the schedule, and it still reports what it measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadtest-ramp-stop-'));
    try {
      const run = startCli(rampArgs({ toRate: 2, duration: 120, reportDir: dir }));
      await waitFor('the schedule to start', () => run.output().stderr.includes('ramp: '), {
        timeoutMs: 90_000,
      });
      await new Promise((r) => setTimeout(r, 2000)); // a few arrivals
      run.child.kill('SIGINT');
      const ended = await run.done;
      expect(ended.stderr).toContain('schedule interrupted');
      expect(ended.code).toBe(130);
      const { report } = readReport<{
        interrupted: boolean;
        figures: Record<string, number>;
        latency: { count: number };
      }>(dir, 'ramp');
      expect(report.interrupted).toBe(true);
      // 240 arrivals were scheduled; it stopped after a few, each of which was measured.
      expect(report.figures['arrivals scheduled']).toBeGreaterThanOrEqual(239);
      expect(report.figures['arrivals sent']).toBeGreaterThan(0);
      expect(report.figures['arrivals sent']).toBeLessThan(report.figures['arrivals scheduled']!);
      expect(report.latency.count).toBe(report.figures['arrivals sent']);
      expect(ended.stdout).toContain('report: ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on the stores the system wrote', async () => {
    // Tickets become SOLD a moment after the payment: --wait lets the apps converge.
    const run = await verify('30');
    expect(run.stdout).toContain('OK: no violations');
    expect(run.stdout).toContain('tickets (PostgreSQL)');
    expect(run.stdout).toContain(`seat map (${gatewayUrl})`);
    expect(run.code).toBe(0);
  });

  it('fails on a double booking written straight into the booking store', async () => {
    const victim = held[0]!;
    await db.query(
      `INSERT INTO booking.bookings (id, buyer_id, event_id, section, idempotency_key, request_hash, request, status, total_cents, updated_at)
       VALUES ('injected-double', 'intruder', $1, 'S1', 'injected-key-1', 'x', '{}', 'PENDING_PAYMENT', 4000, now())`,
      [eventId],
    );
    await db.query(
      `INSERT INTO booking.booking_seats (booking_id, seat_id, price_cents) VALUES ('injected-double', $1, 4000)`,
      [victim.seats[0]],
    );
    try {
      const run = await verify('0');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('SEAT_OWNED_TWICE');
      expect(run.stdout).toContain(`${victim.seats[0]}: held by bookings`);
      expect(run.stdout).toContain('injected-double');
    } finally {
      await db.query(`DELETE FROM booking.bookings WHERE id = 'injected-double'`);
    }
  });

  it('fails on seats the engine holds for a booking that does not list them, waiting for payment or paid', async () => {
    // The booking store loses the seats of a hold the engine keeps RESERVED for it: a booking
    // waiting for payment whose seats are not RESERVED to it, and (once marked PAID) RESERVED
    // seats whose booking is not waiting for payment. Neither showed before issue 18.
    const victim = held[0]!; // PENDING_PAYMENT, its seats RESERVED to it in the engine
    const { rows: saved } = await db.query<{ seat_id: string; price_cents: number }>(
      'SELECT seat_id, price_cents FROM booking.booking_seats WHERE booking_id = $1',
      [victim.id],
    );
    expect(saved.map((r) => r.seat_id).sort()).toEqual([...victim.seats].sort());
    const heldFor = (status: string) =>
      `${victim.seats[0]} is RESERVED for ${victim.id} in seat state (changelog), which is ${status} and does not list it`;
    await db.query('DELETE FROM booking.booking_seats WHERE booking_id = $1', [victim.id]);
    try {
      const pending = await verify('0');
      expect(pending.code).toBe(1);
      expect(pending.stdout).toContain(
        `booking ${victim.id} is PENDING_PAYMENT but lists no seats`,
      );
      expect(pending.stdout).toContain(heldFor('PENDING_PAYMENT'));

      await db.query(`UPDATE booking.bookings SET status = 'PAID' WHERE id = $1`, [victim.id]);
      const paid = await verify('0');
      expect(paid.code).toBe(1);
      expect(paid.stdout).toContain(heldFor('PAID'));
    } finally {
      await db.query(`UPDATE booking.bookings SET status = 'PENDING_PAYMENT' WHERE id = $1`, [
        victim.id,
      ]);
      for (const r of saved)
        await db.query(
          'INSERT INTO booking.booking_seats (booking_id, seat_id, price_cents) VALUES ($1, $2, $3)',
          [victim.id, r.seat_id, r.price_cents],
        );
    }
    expect((await verify('0')).code).toBe(0);
  });

  it('fails on a ticket whose status disagrees with the seat state', async () => {
    const seat = held[2]!.seats[0]!; // RESERVED (pending payment) in the engine
    await db.query(
      `UPDATE ticketing.tickets SET status = 'SOLD' WHERE event_id = $1 AND seat_id = $2`,
      [eventId, seat],
    );
    const run = await verify('0');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('STORES_DISAGREE');
    expect(run.stdout).toContain(
      `${seat}: RESERVED in seat state (changelog), SOLD in tickets (PostgreSQL)`,
    );
    await db.query(
      `UPDATE ticketing.tickets SET status = 'RESERVED' WHERE event_id = $1 AND seat_id = $2`,
      [eventId, seat],
    );
    expect((await verify('0')).code).toBe(0);
  });
});
