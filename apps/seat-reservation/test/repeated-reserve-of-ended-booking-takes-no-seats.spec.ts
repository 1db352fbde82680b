import { rmSync } from 'node:fs';
import type { Kafka, Producer } from 'kafkajs';
import { sectionCounts } from '@seat/domain';
import type { SeatProcessor } from '@seat/adapters';
import {
  SeatResult,
  decodeMessage,
  type SeatCommand,
  type SeatResult as Result,
} from '@shared/contracts';
import type { TopicNames } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import { eventLayout, openTestBed, sendCommands, startProcessor, tempDataDir } from './support';

/**
 * Booking's outbox is at-least-once: a ReserveSeats can arrive again long after its booking
 * ended. The section decides a booking once; a repeat never holds seats for an ended booking,
 * also after the node restarts from its RocksDB or from the changelog alone.
 */
describe('a repeated ReserveSeats of an ended booking', () => {
  let kafka: Kafka;
  let ns: string;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  let results: Awaited<ReturnType<typeof collect>>;
  let node: SeatProcessor | undefined;
  const dataDir = tempDataDir();
  const layout = eventLayout('evt_repeat', 1, 1, 4); // one section, S0, of 4 seats
  const S0 = { v: 1 as const, eventId: 'evt_repeat', section: 'S0' };
  const reserve = (bookingId: string, quantity: number): SeatCommand => ({
    type: 'ReserveSeats',
    ...S0,
    bookingId,
    mode: 'best-available',
    quantity,
  });
  const release = (bookingId: string): SeatCommand => ({
    type: 'ReleaseSeats',
    ...S0,
    bookingId,
    reason: 'CANCELLED',
  });

  /** Sends commands and resolves with their results, in order, once all arrived. */
  async function run(commands: SeatCommand[]): Promise<Result[]> {
    const before = results.messages.length;
    await sendCommands(producer, topics, layout.assignment, commands);
    await waitFor(
      `${commands.length} results`,
      () => results.messages.length >= before + commands.length,
      {
        timeoutMs: 30_000,
      },
    );
    return results.messages.slice(before).map((m) => {
      const d = decodeMessage(SeatResult, m.value);
      if (!d.ok) throw new Error(d.reason);
      return d.value;
    });
  }

  const counts = () => sectionCounts(node!.section('evt_repeat', 'S0')!);

  async function restart(wipe: boolean): Promise<void> {
    await node!.stop();
    if (wipe) rmSync(dataDir, { recursive: true, force: true });
    node = await startProcessor(kafka, ns, 'node-repeat', dataDir);
    await waitFor('the section restored', () => node!.section('evt_repeat', 'S0'), {
      timeoutMs: 60_000,
    });
  }

  beforeAll(async () => {
    ({ kafka, ns, topics, producer, cleanup } = await openTestBed('seat-repeat'));
    results = await collect(kafka, [topics.seatResults], { groupId: `repeat-results-${ns}` });
    node = await startProcessor(kafka, ns, 'node-repeat', dataDir);
    await sendCommands(producer, topics, layout.assignment, layout.inits);
    await waitFor('section initialised', () => node!.section('evt_repeat', 'S0'), {
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await node?.stop();
    await results.stop();
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused again after the seats came back, and takes nothing after its own release', async () => {
    // Buyer 1 holds all 4 seats; buyer 2 is refused; buyer 1 cancels; buyer 2's command again.
    const [held, refused, released, again] = await run([
      reserve('buyer-1', 4),
      reserve('buyer-2', 2),
      release('buyer-1'),
      reserve('buyer-2', 2),
    ]);
    expect(held).toMatchObject({ type: 'SeatsReserved', bookingId: 'buyer-1' });
    expect(refused).toMatchObject({ type: 'ReservationRejected', code: 'SOLD_OUT' });
    expect(released).toMatchObject({ type: 'SeatsReleased', bookingId: 'buyer-1' });
    expect(again).toMatchObject({
      type: 'ReservationRejected',
      bookingId: 'buyer-2',
      code: 'SOLD_OUT',
    });
    expect(counts()).toMatchObject({ available: 4, reserved: 0 });

    // A Reserve repeated after its Release.
    const [mine, gone, repeat] = await run([
      reserve('buyer-3', 2),
      release('buyer-3'),
      reserve('buyer-3', 2),
    ]);
    expect(mine).toMatchObject({ type: 'SeatsReserved', bookingId: 'buyer-3' });
    expect(gone).toMatchObject({ type: 'SeatsReleased', bookingId: 'buyer-3' });
    expect(repeat).toMatchObject({ type: 'SeatsReleased', bookingId: 'buyer-3', seats: [] });
    expect(counts()).toMatchObject({ available: 4, reserved: 0 });
  });

  it.each([
    ['its local RocksDB', false],
    ['the changelog alone', true],
  ])('remembers ended bookings after a restart from %s', async (_from, wipe) => {
    await restart(wipe);
    expect(node!.restores.every((r) => r.source === (wipe ? 'changelog' : 'local'))).toBe(true);
    const repeats = await run([
      reserve('buyer-2', 1),
      reserve('buyer-3', 1),
      reserve('buyer-1', 4),
    ]);
    expect(repeats[0]).toMatchObject({ type: 'ReservationRejected', code: 'SOLD_OUT' });
    expect(repeats[1]).toMatchObject({ type: 'SeatsReleased', seats: [] });
    expect(repeats[2]).toMatchObject({ type: 'SeatsReleased', seats: [] });
    expect(counts()).toMatchObject({ available: 4, reserved: 0 });
    // A new booking still gets seats.
    const [fresh] = await run([reserve(`buyer-new-${String(wipe)}`, 1)]);
    expect(fresh).toMatchObject({ type: 'SeatsReserved' });
    await run([release(`buyer-new-${String(wipe)}`)]);
  });
});
