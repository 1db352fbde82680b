// Live availability end to end: real Kafka (namespaced topics), the real view, a real Fastify
// server on an ephemeral port, SSE read over HTTP with fetch.
import type { Kafka, Producer } from 'kafkajs';
import type { SeatAvailabilityChanged } from '@shared/contracts';
import { encodeMessage } from '@shared/contracts';
import { createHttpServer, type HttpServer } from '@shared/http';
import { sectionKey, type TopicNames } from '@shared/streams';
import { createLogger, waitFor } from '@shared/util';
import {
  createAvailabilityView,
  registerAvailabilityRoutes,
  type AvailabilityView,
  type EventSeats,
} from '../src';
import type { ErrorBody } from '@shared/contracts';
import { SectionScript } from '../src/testing/section-script';
import {
  SseClient,
  createTestTopics,
  testKafka,
  testNamespace,
  type SseEvent,
} from '@shared/testing';

const EVENT = 'ev1';
const log = createLogger('live-it', 'silent');
const ns = testNamespace('live');

let kafka: Kafka;
let topics: TopicNames;
let cleanup: () => Promise<void>;
let producer: Producer;
let view: AvailabilityView;
let app: HttpServer;
let base: string;
const clients: SseClient[] = [];

// Section -> partition, as the processor would route them.
const PARTITION: Record<string, number> = { A: 0, B: 1, BIG: 2 };
const a = new SectionScript(EVENT, 'A', [
  { label: '1', seats: 5 },
  { label: '2', seats: 5 },
]);
const b = new SectionScript(EVENT, 'B', [{ label: '1', seats: 8 }]);

type Rec = { topic: string; section: string; key?: string; value: Buffer | null };

/** One Kafka transaction, like one processor batch. */
async function publish(records: Rec[]): Promise<void> {
  const txn = await producer.transaction();
  try {
    for (const r of records) {
      await txn.send({
        topic: r.topic,
        messages: [
          {
            partition: PARTITION[r.section]!,
            key: r.key ?? sectionKey(EVENT, r.section),
            value: r.value,
          },
        ],
      });
    }
    await txn.commit();
  } catch (err) {
    await txn.abort();
    throw err;
  }
}

const snapshotRec = (s: SectionScript): Rec => ({
  topic: topics.seatChangelog,
  section: s.section,
  value: s.snapshotBytes(),
});
const deltaRec = (d: SeatAvailabilityChanged): Rec => ({
  topic: topics.seatAvailability,
  section: d.section,
  value: encodeMessage(d),
});

/**
 * What the processor does per command: runs it, then publishes its delta and the section's
 * snapshot in one transaction. Returns the delta.
 */
async function run(
  s: SectionScript,
  command: () => SeatAvailabilityChanged,
): Promise<SeatAvailabilityChanged> {
  const d = command();
  await publish([deltaRec(d), snapshotRec(s)]);
  return d;
}

async function open(query = '', headers: Record<string, string> = {}, at = base) {
  const client = await SseClient.open(`${at}/api/events/${EVENT}/stream${query}`, headers);
  clients.push(client);
  return client;
}

const json = (e: SseEvent) => JSON.parse(e.data);
const seqOf = (section: string) => view.sectionView(EVENT, section)!.seq;

beforeAll(async () => {
  kafka = testKafka('live-it');
  ({ names: topics, cleanup } = await createTestTopics(kafka, ns, 3));
  producer = kafka.producer({
    transactionalId: `live-it.${ns}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  // Initial state, plus a restore barrier (a control record the view must skip).
  await publish([
    snapshotRec(a),
    snapshotRec(b),
    { topic: topics.seatChangelog, section: 'A', key: '__barrier:0', value: null },
  ]);
  view = await createAvailabilityView({
    kafka,
    namespace: ns,
    instanceId: ns,
    logger: log,
    maxDeltasPerSection: 4,
  });
  // Ready and holding both sections: a commit's markers reach the log just after the commit
  // returns, so a view started at once can read end offsets from before them and be ready
  // before it has seen A and B (seen once, on a broker that had just started).
  await waitFor(
    'the view to catch up',
    () => view.ready() && !!view.sectionView(EVENT, 'A') && !!view.sectionView(EVENT, 'B'),
    { timeoutMs: 30_000 },
  );
  app = createHttpServer({ logger: log });
  await registerAvailabilityRoutes(app, view, { heartbeatMs: 300 });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await app?.close();
  await view?.stop();
  await producer?.disconnect();
  await cleanup?.();
}, 30_000);

describe('GET /api/events/:id/seats', () => {
  it('answers every seat with its status and the seq per section', async () => {
    const res = await fetch(`${base}/api/events/${EVENT}/seats`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EventSeats;
    expect(body.eventId).toBe(EVENT);
    expect(body.sections.map((s) => s.section)).toEqual(['A', 'B']);
    expect(body.sections[1]).toEqual({
      section: 'B',
      seq: seqOf('B'),
      capacity: 8,
      available: view.sectionView(EVENT, 'B')!.available,
      reserved: view.sectionView(EVENT, 'B')!.reserved,
      sold: 0,
      seats: view.sectionView(EVENT, 'B')!.seats(),
    });
  });

  it('filters with ?section= and answers errors as {error: {code, message}}', async () => {
    const one = (await (
      await fetch(`${base}/api/events/${EVENT}/seats?section=B`)
    ).json()) as EventSeats;
    expect(one.sections.map((s) => s.section)).toEqual(['B']);
    const unknown = await fetch(`${base}/api/events/nope/seats`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('EVENT_NOT_FOUND');
    const noSection = await fetch(`${base}/api/events/${EVENT}/seats?section=Z`);
    expect(((await noSection.json()) as ErrorBody).error.code).toBe('SECTION_NOT_FOUND');
    const bad = await fetch(`${base}/api/events/${EVENT}/seats?section=A-1`);
    expect(bad.status).toBe(400);
    const extra = await fetch(`${base}/api/events/${EVENT}/seats?debug=1`);
    expect(extra.status).toBe(400);
  });
});

describe('GET /api/events/:id/stream', () => {
  it('sends a snapshot first, then live deltas within a second', async () => {
    const client = await open();
    expect(client.status).toBe(200);
    const first = await client.next();
    expect(first.event).toBe('snapshot');
    const snap = json(first);
    expect(snap.sections.map((s: { section: string; seq: number }) => [s.section, s.seq])).toEqual([
      ['A', seqOf('A')],
      ['B', seqOf('B')],
    ]);
    expect(snap.sections[0].seats).toHaveLength(10);
    expect(first.id).toBe(`A.${seqOf('A')}~B.${seqOf('B')}`);

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const sentAt = Date.now();
      const d = await run(a, () => a.reserveNext());
      const event = await client.next(1000);
      latencies.push(Date.now() - sentAt);
      expect(event.event).toBe('delta');
      expect(json(event)).toEqual({
        section: 'A',
        fromSeq: d.seq - 1,
        seq: d.seq,
        changes: d.changes,
        available: d.available,
        reserved: d.reserved,
        sold: d.sold,
      });
      expect(event.id).toBe(`A.${d.seq}~B.${seqOf('B')}`);
    }
    // Commit-to-SSE latency, for the report (the assertion above bounds it by 1 s).
    console.log(`commit -> SSE delta latency ms: ${latencies.join(', ')}`);
  });

  it('sends heartbeats while idle', async () => {
    const client = await open();
    await client.next();
    expect((await client.next(2000, { heartbeats: true })).event).toBe('heartbeat');
  });

  it('resumes with Last-Event-ID: exactly the missed deltas, no gap, no duplicate', async () => {
    const first = await open();
    const lastId = (await first.next()).id!;
    first.close();

    const missedA = [
      await run(a, () => a.reserveNext()),
      await run(a, () => a.reserveNext()),
      await run(a, () => a.release(a.lastBooking)),
    ];
    const missedB = [await run(b, () => b.reserveNext())];
    const target = { A: missedA.at(-1)!.seq, B: missedB[0]!.seq };
    await waitFor(
      'the view to apply them',
      () => seqOf('A') === target.A && seqOf('B') === target.B,
    );

    const again = await open('', { 'last-event-id': lastId });
    const replayed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await again.next(2000);
      expect(e.event).toBe('delta');
      replayed.push(`${json(e).section}@${json(e).seq}`);
    }
    expect(replayed).toEqual([...missedA, ...missedB].map((d) => `${d.section}@${d.seq}`));
    expect(await again.anyEventWithin(500)).toBeUndefined();

    const live = await run(b, () => b.reserveNext());
    const e = await again.next(1000);
    expect(json(e)).toMatchObject({ section: 'B', fromSeq: target.B, seq: live.seq });
    expect(e.id).toBe(`A.${target.A}~B.${live.seq}`);
  });

  it('sends a fresh snapshot for a section whose missed deltas left the buffer', async () => {
    const first = await open();
    const lastId = (await first.next()).id!;
    first.close();
    // The view keeps 4 deltas per section: 6 are too many to replay.
    for (let i = 0; i < 3; i++) {
      await run(a, () => a.reserveNext());
      await run(a, () => a.release(a.lastBooking));
    }
    await waitFor('the view to apply them', () => seqOf('A') === a.state.seq);
    const again = await open('', { 'last-event-id': lastId });
    const e = await again.next(2000);
    expect(e.event).toBe('snapshot');
    expect(
      json(e).sections.map((s: { section: string; seq: number }) => [s.section, s.seq]),
    ).toEqual([['A', a.state.seq]]);
    expect(await again.anyEventWithin(300)).toBeUndefined(); // B was current: nothing to send
  });

  it('filters with ?section=', async () => {
    const client = await open('?section=B');
    const snap = json(await client.next());
    expect(snap.sections.map((s: { section: string }) => s.section)).toEqual(['B']);
    await run(a, () => a.reserveNext());
    const d = await run(b, () => b.reserveNext());
    const e = await client.next(1000);
    expect(json(e)).toMatchObject({ section: 'B', seq: d.seq });
    expect(e.id).toBe(`B.${d.seq}`);
  });

  it('does not re-emit a duplicated delta', async () => {
    const client = await open('?section=B');
    await client.next();
    const d = await run(b, () => b.reserveNext());
    await publish([deltaRec(d)]); // redelivered
    const next = await run(b, () => b.reserveNext());
    const seqs = [json(await client.next(1000)).seq, json(await client.next(1000)).seq];
    expect(seqs).toEqual([d.seq, next.seq]);
    expect(await client.anyEventWithin(300)).toBeUndefined();
  });

  it('turns a snapshot that folded several commands into one delta of the difference', async () => {
    const client = await open('?section=B');
    await client.next();
    const from = seqOf('B');
    b.reserveNext();
    const kept = b.reserveNext();
    b.release(b.lastBooking - 1);
    // Three commands, one changelog record and no deltas (as if the deltas were missed).
    await publish([snapshotRec(b)]);
    const e = json(await client.next(1000));
    expect(e).toMatchObject({ fromSeq: from, seq: from + 3, changes: kept.changes });
  });
});

describe('a slow client', () => {
  // A big section whose every delta flips all 1,000 seats (~45 KB of changes per message), so
  // a client that stops reading fills the socket buffers and then its queue quickly.
  const big = new SectionScript(EVENT, 'BIG', [
    { label: 'R1', seats: 500 },
    { label: 'R2', seats: 500 },
  ]);
  const flip = (seq: number): SeatAvailabilityChanged => {
    const status = seq % 2 === 1 ? ('RESERVED' as const) : ('AVAILABLE' as const);
    const held = status === 'RESERVED' ? 1000 : 0;
    return {
      type: 'SeatAvailabilityChanged',
      v: 1,
      eventId: EVENT,
      section: 'BIG',
      seq,
      changes: view
        .sectionView(EVENT, 'BIG')!
        .seats()
        .map((s) => ({ seat: s.seat, status })),
      available: 1000 - held,
      reserved: held,
      sold: 0,
      at: new Date().toISOString(),
    };
  };

  it('is dropped once its queue is full, without holding back anyone else', async () => {
    await publish([snapshotRec(big)]);
    await waitFor('the big section', () => view.sectionView(EVENT, 'BIG'));
    const tight = createHttpServer({ logger: log });
    // ~45 KB per message: 2 MB is ~45 messages behind, more than one Kafka fetch (1 MB per
    // partition), so a client that reads keeps up and a stalled one overflows.
    await registerAvailabilityRoutes(tight, view, {
      maxQueuedBytes: 2 << 20,
      heartbeatMs: 60_000,
    });
    const at = await tight.listen({ host: '127.0.0.1', port: 0 });
    try {
      const slow = await open('?section=BIG', {}, at);
      const fast = await open('?section=BIG', {}, at);
      await slow.next();
      await fast.next();
      // `slow` reads nothing more from here on.

      const COUNT = 400;
      const seen: number[] = [];
      const reading = (async () => {
        while (seen.length < COUNT) seen.push(json(await fast.next(10_000)).seq);
      })();
      const deltas = Array.from({ length: COUNT }, (_, i) => flip(i + 1));
      for (let i = 0; i < COUNT; i += 10) {
        await publish(deltas.slice(i, i + 10).map(deltaRec)); // < 1 MB per transaction
      }
      await reading;
      expect(seen).toEqual(deltas.map((d) => d.seq));

      // The stalled client was cut off: reading now finds the end before the last delta.
      const rest = await slow.drainToEnd(10_000);
      expect(rest.ended).toBe(true);
      expect(rest.events.length).toBeLessThan(COUNT);
    } finally {
      await tight.close();
    }
    await waitFor('subscriptions of closed streams to go', () => view.subscriberCount() === 0, {
      timeoutMs: 5_000,
    });
  });
});

describe('a view that starts after the sale began', () => {
  it('catches up on the latest readable snapshot of every section, without removed ones, then follows', async () => {
    // History the late view must fold: several snapshots of A (the tests above), and a section
    // that appeared and was removed again (a tombstone), on the same partition as A.
    const gone = new SectionScript(EVENT, 'GONE', [{ label: '1', seats: 3 }]);
    PARTITION['GONE'] = PARTITION['A']!;
    await publish([snapshotRec(gone)]);
    await run(a, () => a.reserveNext());
    await publish([{ topic: topics.seatChangelog, section: 'GONE', value: null }]);
    // And an unreadable record for B: both views must keep B's last readable snapshot.
    await publish([{ topic: topics.seatChangelog, section: 'B', value: Buffer.from('garbage') }]);
    await waitFor('the first view to drop GONE', () => !view.sectionView(EVENT, 'GONE'));

    const late = await createAvailabilityView({
      kafka,
      namespace: ns,
      instanceId: `${ns}-late`,
      logger: log,
    });
    try {
      await waitFor('the late view to catch up', () => late.ready(), { timeoutMs: 30_000 });
      // (BIG is left out: the slow-client test above sent its deltas without snapshots.)
      for (const section of ['A', 'B']) {
        const mine = late.sectionView(EVENT, section)!;
        const theirs = view.sectionView(EVENT, section)!;
        expect([section, mine.seq, mine.seats()]).toEqual([section, theirs.seq, theirs.seats()]);
      }
      expect(late.sectionView(EVENT, 'GONE')).toBeUndefined();

      const d = await run(a, () => a.reserveNext());
      await waitFor('the late view to follow', () => late.sectionView(EVENT, 'A')?.seq === d.seq);
      expect(late.sectionView(EVENT, 'A')!.seats()).toEqual(view.sectionView(EVENT, 'A')!.seats());
    } finally {
      await late.stop();
    }
  }, 60_000);
});
