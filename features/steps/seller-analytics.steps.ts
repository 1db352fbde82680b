import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFeature, loadFeature } from 'jest-cucumber';
import type { Producer } from 'kafkajs';
import {
  encodeMessage,
  type EventAnalytics,
  type FinalizeSeats,
  type ReserveSeats,
} from '@shared/contracts';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import { sectionKey, type TopicNames } from '@shared/streams';
import {
  createTestTopics,
  freePort,
  SseClient,
  spawnSeatNode,
  stopChild,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { callApi, signIn, startTicketing } from './support';

const feature = loadFeature(`${__dirname}/../seller-analytics.feature`);

/**
 * The seller's story against the system as deployed: event-ticketing's server.ts and a
 * seat-reservation node, each a child process on its own database, topic namespace, Redis
 * prefix and state directory. The booking's commands are sent the way booking sends them (on
 * the section's assigned partition of the seat command topic), so the seats really are assigned
 * by the engine and its results really reach the seller's figures.
 */
defineFeature(feature, (test) => {
  const ns = testNamespace('feat_sell');
  const dbUrl = testDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'feat-sell-'));
  const kafka = testKafka('features-seller');
  let names: TopicNames;
  let cleanupTopics: (() => Promise<void>) | undefined;
  let producer: Producer | undefined;
  let server: AppProcess | undefined;
  let seatNode: ChildProcess | undefined;
  let stream: SseClient | undefined;
  let base = '';

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    callApi(base, method, path, { body, token });
  const account = (role: 'buyer' | 'seller', email: string) => signIn(base, role, email);

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    ({ names, cleanup: cleanupTopics } = await createTestTopics(kafka, ns));
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    server = await startTicketing(ns, dbUrl);
    base = server.base;
  });
  afterAll(async () => {
    stream?.close();
    if (seatNode) await stopChild(seatNode);
    await server?.stop();
    await producer?.disconnect();
    await cleanupTopics?.();
    await dropDatabase(dbUrl);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("A sale moves the seller's live figures and seat map", ({ given, and, when, then, but }) => {
    let seller = '';
    let eventId = '';
    let assignment: Record<string, number> = {};
    let priceCents = 0;
    let soldFrom = 0;
    const bookingId = 'bk_feature_sale';

    /** Reads the live stream until the figures satisfy `ok` (updates come at most 1/s). */
    const figuresUntil = async (ok: (a: EventAnalytics) => boolean): Promise<EventAnalytics> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('the live figures never reached the expected state');
        const analytics = JSON.parse((await stream!.next(left)).data) as EventAnalytics;
        if (ok(analytics)) return analytics;
      }
    };
    const command = async (value: ReserveSeats | FinalizeSeats, section: string) => {
      await producer!.send({
        topic: names.seatCommands,
        acks: -1,
        messages: [
          {
            key: sectionKey(eventId, section),
            partition: assignment[section]!,
            value: encodeMessage(value),
          },
        ],
      });
    };

    given(
      /^a seller has published "(.*)" with section "(.*)" of 1 row of (\d+) seats at (\d+) cents$/,
      async (name: string, section: string, seats: string, cents: string) => {
        seller = await account('seller', 'sal@example.com');
        priceCents = +cents;
        const created = await call(
          'POST',
          '/api/events',
          {
            name,
            venue: 'Blue Note',
            startsAt: '2027-10-01T20:00:00Z',
            sections: [{ name: section, price: priceCents, rows: [{ label: '1', seats: +seats }] }],
          },
          seller,
        );
        expect(created.status).toBe(201);
        eventId = created.json.id;
        const published = await call('POST', `/api/events/${eventId}/publish`, undefined, seller);
        expect(published.status).toBe(200);
        assignment = published.json.assignment;
      },
    );

    and("a seat-reservation node runs the event's sections", async () => {
      const port = await freePort();
      seatNode = spawnSeatNode({ namespace: ns, node: 'node-1', dataDir, port });
      // The node has taken the InitSection publish sent once it serves the section's seats.
      await waitFor(
        'the seat node to serve section A',
        async () =>
          (
            await fetch(`http://127.0.0.1:${port}/api/events/${eventId}/seats?section=A`).catch(
              () => undefined,
            )
          )?.status === 200,
        { timeoutMs: 90_000, intervalMs: 250 },
      );
    });

    and("the seller watches the event's live analytics", async () => {
      stream = await SseClient.open(`${base}/api/events/${eventId}/analytics/stream`, {
        authorization: `Bearer ${seller}`,
      });
      expect(stream.status).toBe(200);
      const snapshot = JSON.parse((await stream.next(10_000)).data) as EventAnalytics;
      expect(snapshot.totals).toMatchObject({ available: 10, reserved: 0, sold: 0 });
    });

    when(/^a booking holds seats "(.*)" and "(.*)"$/, async (a: string, b: string) => {
      await command(
        {
          type: 'ReserveSeats',
          v: 1,
          eventId,
          section: 'A',
          bookingId,
          mode: 'manual',
          seats: [a, b],
        },
        'A',
      );
    });

    then(
      /^the live figures show (\d+) seats reserved and (\d+) available$/,
      async (reserved: string, available: string) => {
        const figures = await figuresUntil((x) => x.totals.reserved === +reserved);
        expect(figures.totals).toMatchObject({ reserved: +reserved, available: +available });
      },
    );

    when('that booking is paid', async () => {
      soldFrom = Date.now();
      await command({ type: 'FinalizeSeats', v: 1, eventId, section: 'A', bookingId }, 'A');
    });

    then(
      /^the live figures show (\d+) seats sold and (\d+) cents of revenue$/,
      async (sold: string, revenue: string) => {
        const figures = await figuresUntil((x) => x.totals.sold === +sold);
        expect(figures.totals).toMatchObject({ sold: +sold, reserved: 0, revenueCents: +revenue });
        expect(figures.salesPerMinute.reduce((n, m) => n + m.seats, 0)).toBe(+sold);
      },
    );

    and(
      /^the seller's seat map lists "(.*)" and "(.*)" as sold, with the time of the sale$/,
      async (a: string, b: string) => {
        const map = await call('GET', `/api/events/${eventId}/seat-status`, undefined, seller);
        expect(map.status).toBe(200);
        const seats = map.json.seats as { seatId: string; status: string; since: string }[];
        expect(seats.map((s) => [s.seatId, s.status])).toEqual([
          [a, 'SOLD'],
          [b, 'SOLD'],
        ]);
        for (const s of seats) {
          // The engine's result time: after the payment was sent, not after this read.
          expect(Date.parse(s.since)).toBeGreaterThanOrEqual(soldFrom - 1000);
          expect(Date.parse(s.since)).toBeLessThanOrEqual(Date.now());
        }
      },
    );

    and('the seat map holds no buyer data', async () => {
      const map = await call('GET', `/api/events/${eventId}/seat-status`, undefined, seller);
      expect(map.text).not.toContain(bookingId);
      expect(map.text).not.toMatch(/buyer|booking|email/i);
    });

    but('another seller asking for that seat map gets 404', async () => {
      const other = await account('seller', 'otto@example.com');
      const map = await call('GET', `/api/events/${eventId}/seat-status`, undefined, other);
      expect(map.status).toBe(404);
    });
  });
});
