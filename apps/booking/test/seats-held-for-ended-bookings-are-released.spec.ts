import { randomUUID } from 'node:crypto';
import {
  decodeMessage,
  encodeMessage,
  SeatCommand,
  type EventPublished,
  type ReleaseSeats,
  type ReservationRejected,
  type SeatsReserved,
} from '@shared/contracts';
import { createPgPool } from '@shared/db';
import { groupId, sectionKey } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import { applyResults } from '../src/bookings/apply-results';
import type { BookingRuntime } from '../src/runtime';
import {
  auth,
  openTestBed,
  publishEvent,
  seatCommandTypes,
  waitForBooking,
  type TestBed,
} from './support';

/**
 * Booking's second line of defence (issue 18): the seat side may report a hold (SeatsReserved)
 * for a booking that holds no seats, FAILED, CANCELLED or unknown to booking, e.g. after a
 * repeated ReserveSeats. Booking answers it with one ReleaseSeats to the section, once however
 * often the hold is reported; a hold that matches a live booking (PENDING_PAYMENT, PAID) is
 * left alone.
 */
describe('booking: seats the engine holds for a booking that holds none are released once', () => {
  let bed: TestBed;
  let booking: BookingRuntime;
  let commands: Awaited<ReturnType<typeof collect>>;
  let event: EventPublished;
  const ids: Record<'failed' | 'cancelled' | 'held' | 'paid' | 'unknown', string> = {
    failed: '',
    cancelled: '',
    held: '',
    paid: '',
    unknown: randomUUID(),
  };
  const seats: Record<string, string[]> = {};
  let seq = 100;

  beforeAll(async () => {
    bed = await openTestBed('booking-stray-holds');
    booking = await bed.startBooking();
    event = await publishEvent(bed, 'ev-stray', [
      { name: 'A', rows: 1, seatsPerRow: 2, priceCents: 1000 },
      { name: 'B', rows: 1, seatsPerRow: 4, priceCents: 2000 },
    ]);
    commands = await collect(bed.kafka, [bed.topics.seatCommands], {
      groupId: `c-${bed.ns}`,
      readUncommitted: true,
    });
    const alice = await bed.buyerToken('alice');
    const bob = await bed.buyerToken('bob');

    // A: alice holds both seats, bob's booking is refused, then alice cancels.
    ids.cancelled = await book(alice, 'alice-a', { section: 'A', quantity: 2 });
    seats[ids.cancelled] = (
      await waitForBooking(booking, alice, ids.cancelled, 'PENDING_PAYMENT')
    ).seats;
    ids.failed = await book(bob, 'bob-a', { section: 'A', quantity: 1 });
    expect((await waitForBooking(booking, bob, ids.failed)).status).toBe('FAILED');
    const cancel = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${ids.cancelled}/cancel`,
      headers: auth(alice),
    });
    expect(cancel.json()).toMatchObject({ status: 'CANCELLED' });

    // B: one hold waiting for payment, one paid.
    ids.held = await book(alice, 'alice-b', { section: 'B', quantity: 2 });
    seats[ids.held] = (await waitForBooking(booking, alice, ids.held, 'PENDING_PAYMENT')).seats;
    ids.paid = await book(bob, 'bob-b', { section: 'B', quantity: 1 });
    seats[ids.paid] = (await waitForBooking(booking, bob, ids.paid, 'PENDING_PAYMENT')).seats;
    const paid = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${ids.paid}/pay`,
      headers: auth(bob),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(paid.json()).toMatchObject({ status: 'PAID' });
  });

  afterAll(async () => {
    await commands?.stop();
    await bed?.cleanup();
  });

  async function book(
    token: string,
    key: string,
    body: { section: string; quantity: number },
  ): Promise<string> {
    const res = await booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(token), 'idempotency-key': `${key}-${bed.ns}` },
      payload: { eventId: event.eventId, mode: 'best-available', ...body },
    });
    expect(res.statusCode).toBe(202);
    return (res.json() as { id: string }).id;
  }

  const reserved = (bookingId: string, section: string, held: string[]): SeatsReserved => ({
    type: 'SeatsReserved',
    v: 1,
    eventId: event.eventId,
    section,
    bookingId,
    seats: held,
    adjacent: true,
    seq: seq++,
  });

  /** Publishes results as a seat node would (keyed by booking), each `times` in a row. */
  async function report(results: SeatsReserved[], times = 1): Promise<void> {
    await bed.producer.send({
      topic: bed.topics.seatResults,
      messages: results.flatMap((r) =>
        Array.from({ length: times }, () => ({ key: r.bookingId, value: encodeMessage(r) })),
      ),
    });
    await resultsConsumed(bed);
  }

  const typesOf = (id: string) => seatCommandTypes(bed, booking, commands.messages, id);
  const releasesOf = (id: string) =>
    commands.messages
      .map((m) => ({ m, d: decodeMessage(SeatCommand, m.value) }))
      .flatMap(({ m, d }) =>
        d.ok && d.value.type === 'ReleaseSeats' && d.value.bookingId === id
          ? [{ partition: m.partition, key: m.key, command: d.value }]
          : [],
      );
  const partitionOf = (section: string) =>
    event.sections.find((s) => s.name === section)!.partition;

  it('releases a hold reported for a FAILED, a CANCELLED and an unknown booking, once each', async () => {
    const strays = [
      reserved(ids.failed, 'A', ['A-1-1']),
      reserved(ids.cancelled, 'A', seats[ids.cancelled]!),
      reserved(ids.unknown, 'A', ['A-1-2']),
    ];
    // Each reported twice in a row (a redelivered result), then once more later (a replay).
    await report(strays, 2);
    await report(strays);

    expect(await typesOf(ids.failed)).toEqual(['ReserveSeats', 'ReleaseSeats']);
    // The cancel's own Release, then the compensation.
    expect(await typesOf(ids.cancelled)).toEqual(['ReserveSeats', 'ReleaseSeats', 'ReleaseSeats']);
    expect(await typesOf(ids.unknown)).toEqual(['ReleaseSeats']);

    // To the partition that owns the section, under its key, with the booking's own ending.
    const expected = (bookingId: string, reason: ReleaseSeats['reason']) => ({
      partition: partitionOf('A'),
      key: sectionKey(event.eventId, 'A'),
      command: {
        type: 'ReleaseSeats',
        v: 1,
        eventId: event.eventId,
        section: 'A',
        bookingId,
        reason,
      },
    });
    expect(releasesOf(ids.failed)).toEqual([expected(ids.failed, 'FAILED')]);
    expect(releasesOf(ids.cancelled).at(-1)).toEqual(expected(ids.cancelled, 'CANCELLED'));
    expect(releasesOf(ids.unknown)).toEqual([expected(ids.unknown, 'FAILED')]);

    // The bookings themselves did not move.
    const rows = await bed.prisma.booking.findMany({
      where: { id: { in: [ids.failed, ids.cancelled] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [ids.failed]: 'FAILED',
      [ids.cancelled]: 'CANCELLED',
    });
  });

  it('leaves alone a hold that matches a booking waiting for payment or paid', async () => {
    await report(
      [reserved(ids.held, 'B', seats[ids.held]!), reserved(ids.paid, 'B', seats[ids.paid]!)],
      2,
    );
    expect(await typesOf(ids.held)).toEqual(['ReserveSeats']);
    expect(await typesOf(ids.paid)).toEqual(['ReserveSeats', 'FinalizeSeats']);
  });

  it('releases again only a later hold on other seats, not an older report', async () => {
    const before = (await typesOf(ids.failed)).length;
    // A later hold of the same booking on another seat (a higher section seq): a new hold.
    await report([reserved(ids.failed, 'A', ['A-1-2'])], 2);
    expect((await typesOf(ids.failed)).length).toBe(before + 1);
    // The first report again, delivered late: its seq is older than the hold released last.
    await report([{ ...reserved(ids.failed, 'A', ['A-1-1']), seq: 100 }]);
    expect((await typesOf(ids.failed)).length).toBe(before + 1);
  });

  it('releases a hold that follows the rejection of its booking in one batch', async () => {
    // As if the batch's results were applied one by one: the rejection fails the booking, and
    // the hold reported after it is then a hold for a FAILED booking.
    const id = `batch-${bed.ns}`;
    await bed.prisma.booking.create({
      data: {
        id,
        buyerId: 'carol',
        eventId: event.eventId,
        section: 'A',
        idempotencyKey: id,
        requestHash: 'x',
        request: {},
      },
    });
    const rejected: ReservationRejected = {
      type: 'ReservationRejected',
      v: 1,
      eventId: event.eventId,
      section: 'A',
      bookingId: id,
      code: 'SOLD_OUT',
      message: 'sold out',
    };
    const pool = createPgPool(bed.dbUrl, { max: 1 });
    try {
      const deps = {
        pool,
        topics: bed.topics,
        catalog: () => Promise.resolve({ id: event.eventId, sections: event.sections }),
      };
      const opts = { now: new Date(), windowMs: 60_000, actor: 'spec' };
      const batch = [rejected, reserved(id, 'A', ['A-1-1'])];
      const applied = await applyResults(deps, batch, opts);
      expect(applied.changes.map((c) => c.status)).toEqual(['FAILED']);
      expect(applied.released.map((h) => [h.bookingId, h.status])).toEqual([[id, 'FAILED']]);
      // The same batch again (a redelivery) changes nothing and releases nothing more.
      expect(await applyResults(deps, batch, opts)).toEqual({
        changes: [],
        released: [],
        conflicts: [],
        unroutable: [],
      });
    } finally {
      await pool.end();
    }
    expect(await typesOf(id)).toEqual(['ReleaseSeats']);
  });
});

/** Waits until booking's results consumer has committed every result published so far. */
async function resultsConsumed(bed: TestBed): Promise<void> {
  const admin = bed.kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(bed.topics.seatResults);
    await waitFor(
      "booking's results consumer to commit every result",
      async () => {
        const [committed] = await admin.fetchOffsets({
          groupId: groupId('bookingResults', bed.ns),
          topics: [bed.topics.seatResults],
        });
        return ends.every((end) => {
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
          return end.high === '0' || (at !== undefined && BigInt(at) >= BigInt(end.high));
        });
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } finally {
    await admin.disconnect();
  }
}
