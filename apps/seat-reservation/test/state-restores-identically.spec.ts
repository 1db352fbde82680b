import { cpSync, rmSync } from 'node:fs';
import type { Kafka, Producer } from 'kafkajs';
import { encodeSection } from '@seat/domain';
import type { SeatProcessor } from '@seat/adapters';
import type { SeatCommand } from '@shared/contracts';
import type { TopicNames } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import { eventLayout, sendCommands, startProcessor, tempDataDir, openTestBed } from './support';

/**
 * A node's state must come back identical however it was lost: from its own RocksDB, from
 * RocksDB that missed the last transactions (crash between commit and local write), or from
 * the changelog alone (folder wiped, or a node that never had the partition).
 */
describe('restoring seat state', () => {
  let kafka: Kafka;
  let ns: string;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  const layout = eventLayout('evt_restore', 4, 20, 25); // 4 sections of 500 seats
  const dataDir = tempDataDir();
  let booking = 0;
  let sent = 0;
  let results: Awaited<ReturnType<typeof collect>>;

  const commandsFor = (count: number): SeatCommand[] =>
    Array.from({ length: count }, () => {
      const section = layout.names[booking % layout.names.length]!;
      const id = `b${booking++}`;
      return booking % 5 === 0
        ? {
            type: 'ReleaseSeats',
            v: 1,
            eventId: layout.eventId,
            section,
            bookingId: `b${booking - 3}`,
            reason: 'CANCELLED',
          }
        : {
            type: 'ReserveSeats',
            v: 1,
            eventId: layout.eventId,
            section,
            bookingId: id,
            mode: 'best-available',
            quantity: 1 + (Math.floor(booking / 4) % 3),
          };
    });

  /** Runs commands on a node and returns every section's snapshot once each has its result. */
  async function runAndSnapshot(
    processor: SeatProcessor,
    commands: SeatCommand[],
  ): Promise<Map<string, string>> {
    sent += commands.length;
    await sendCommands(producer, topics, layout.assignment, commands);
    await waitFor(`a result for each of ${sent} commands`, () => results.messages.length >= sent, {
      timeoutMs: 30_000,
    });
    return snapshots(processor);
  }

  const snapshots = (processor: SeatProcessor) =>
    new Map(
      layout.names.map((s) => [
        s,
        Buffer.from(encodeSection(processor.section(layout.eventId, s)!)).toString('base64'),
      ]),
    );
  const restoredNode = async (node: string) => {
    const processor = await startProcessor(kafka, ns, node, dataDir);
    await waitFor(
      'all sections restored',
      () => layout.names.every((s) => processor.section(layout.eventId, s)),
      { timeoutMs: 60_000 },
    );
    return processor;
  };

  beforeAll(async () => {
    ({ kafka, ns, topics, producer, cleanup } = await openTestBed('seat-restore'));
    results = await collect(kafka, [topics.seatResults], { groupId: `restore-results-${ns}` });
  });

  afterAll(async () => {
    await results.stop();
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes back from local RocksDB, from RocksDB missing recent transactions, and from the changelog alone', async () => {
    const first = await startProcessor(kafka, ns, 'node-r', dataDir);
    await sendCommands(producer, topics, layout.assignment, layout.inits);
    await waitFor(
      'sections initialised',
      () => layout.names.every((s) => first.section(layout.eventId, s)),
      { timeoutMs: 30_000 },
    );
    await runAndSnapshot(first, commandsFor(400));
    await first.stop();
    const staleCopy = `${dataDir}-stale`;
    cpSync(dataDir, staleCopy, { recursive: true });

    const second = await restoredNode('node-r');
    expect(second.restores.every((r) => r.source === 'local')).toBe(true);
    const latest = await runAndSnapshot(second, commandsFor(400));
    await second.stop();

    // RocksDB as it was before the last 400 commands: Kafka is ahead of it.
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(staleCopy, dataDir, { recursive: true });
    rmSync(staleCopy, { recursive: true, force: true });
    const third = await restoredNode('node-r');
    expect(third.restores.some((r) => r.source === 'local+changelog')).toBe(true);
    expect(snapshots(third)).toEqual(latest);
    await third.stop();

    // Folder wiped: the changelog alone.
    rmSync(dataDir, { recursive: true, force: true });
    const fourth = await restoredNode('node-r');
    expect(fourth.restores.every((r) => r.source === 'changelog')).toBe(true);
    expect(snapshots(fourth)).toEqual(latest);
    await fourth.stop();
  });
});
