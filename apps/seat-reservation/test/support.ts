import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { SeatProcessor } from '@seat/adapters';
import {
  SeatResult,
  decodeMessage,
  encodeMessage,
  type InitSection,
  type SeatCommand,
} from '@shared/contracts';
import { assignSections, groupId, sectionKey, type TopicNames } from '@shared/streams';
import { createTestTopics, spawnSeatNode, testKafka, testNamespace } from '@shared/testing';
import { createLogger, waitFor } from '@shared/util';

/** Helpers of the seat-reservation integration specs: real broker, real RocksDB, own namespace. */

export const PARTITIONS = 10;
export const quietLogger = createLogger('seat-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');

/**
 * What every spec here starts from: the real broker, a fresh namespace with the whole topic
 * table, and a producer. `cleanup` disconnects and deletes the topics.
 */
export async function openTestBed(clientId: string): Promise<{
  kafka: Kafka;
  ns: string;
  topics: TopicNames;
  producer: Producer;
  cleanup: () => Promise<void>;
}> {
  const kafka = testKafka(clientId);
  const ns = testNamespace();
  const { names: topics, cleanup: deleteTopics } = await createTestTopics(kafka, ns, PARTITIONS);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  return {
    kafka,
    ns,
    topics,
    producer,
    cleanup: async () => {
      await producer.disconnect();
      await deleteTopics();
    },
  };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'seat-state-'));
}

export async function startProcessor(
  kafka: Kafka,
  namespace: string,
  node: string,
  dataDir: string,
): Promise<SeatProcessor> {
  const processor = new SeatProcessor({
    kafka,
    node,
    dataDir,
    namespace,
    partitions: PARTITIONS,
    logger: quietLogger,
    sessionTimeoutMs: 6000,
  });
  await processor.start();
  return processor;
}

/** An event layout: `sections` sections of `rows` x `seatsPerRow`, with their partitions. */
export function eventLayout(eventId: string, sections: number, rows: number, seatsPerRow: number) {
  const names = Array.from({ length: sections }, (_, i) => `S${i}`);
  const assignment = assignSections(
    eventId,
    names.map((name) => ({ name, seats: rows * seatsPerRow })),
    PARTITIONS,
  );
  const inits: InitSection[] = names.map((section) => ({
    type: 'InitSection',
    v: 1,
    eventId,
    section,
    rows: Array.from({ length: rows }, (_, r) => ({ label: String(r + 1), seats: seatsPerRow })),
    priceCents: 5000,
  }));
  return { eventId, names, assignment, inits };
}

/** Sends commands the way booking does: keyed per section, partition from the assignment. */
export async function sendCommands(
  producer: Producer,
  topics: TopicNames,
  assignment: Record<string, number>,
  commands: SeatCommand[],
): Promise<void> {
  for (let i = 0; i < commands.length; i += 500) {
    await producer.send({
      topic: topics.seatCommands,
      messages: commands.slice(i, i + 500).map((c) => ({
        key: sectionKey(c.eventId, c.section),
        value: encodeMessage(c),
        partition: assignment[c.section]!,
      })),
    });
  }
}

/** A seat-reservation node as a child process (the real server.ts), for kill -9. */
export function spawnNode(namespace: string, node: string, dataDir: string): ChildProcess {
  return spawnSeatNode({ namespace, node, dataDir });
}

export async function waitForPartitions(
  what: string,
  probe: () => number,
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(what, () => probe() >= count, { timeoutMs, intervalMs: 100 });
}

/** Members of the seat-reservation group once it is Stable (0 while it rebalances). */
export async function stableGroupMembers(kafka: Kafka, namespace: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId('seatReservation', namespace)]);
    return groups[0]?.state === 'Stable' ? groups[0].members.length : 0;
  } finally {
    await admin.disconnect();
  }
}

/**
 * `count` conflicting reserve requests on an event's sections, skewed towards the first sections
 * (hot sections), one in five a manual pick of one seat; deterministic for the same seed.
 */
export function conflictingRequests(
  layout: { eventId: string; names: string[] },
  count: number,
  grid: { rows: number; seatsPerRow: number },
  seed = 42,
): SeatCommand[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const section = layout.names[Math.floor(random() * random() * layout.names.length)]!;
    const base = { v: 1 as const, eventId: layout.eventId, section, bookingId: `bk${i}` };
    if (i % 5 === 0) {
      const row = 1 + Math.floor(random() * grid.rows);
      const seat = `${section}-${row}-${1 + Math.floor(random() * grid.seatsPerRow)}`;
      return { type: 'ReserveSeats', ...base, mode: 'manual', seats: [seat] };
    }
    return {
      type: 'ReserveSeats',
      ...base,
      mode: 'best-available',
      quantity: 1 + Math.floor(random() * 3),
    };
  });
}

/**
 * What the results topic says about an on-sale: how many results each booking got, the owner of
 * every reserved seat, and every seat that two bookings were both told they hold.
 */
export function auditResults(messages: { key: string | null; value: string | null }[]): {
  resultsPerBooking: Map<string, number>;
  owner: Map<string, string>;
  doubleOwned: string[];
} {
  const resultsPerBooking = new Map<string, number>();
  const owner = new Map<string, string>();
  const doubleOwned: string[] = [];
  for (const m of messages) {
    resultsPerBooking.set(m.key!, (resultsPerBooking.get(m.key!) ?? 0) + 1);
    const r = decodeMessage(SeatResult, m.value);
    if (!r.ok) throw new Error(r.reason);
    if (r.value.type !== 'SeatsReserved') continue;
    for (const seat of r.value.seats) {
      const prev = owner.get(seat);
      if (prev && prev !== r.value.bookingId)
        doubleOwned.push(`${seat}: ${prev} and ${r.value.bookingId}`);
      owner.set(seat, r.value.bookingId);
    }
  }
  return { resultsPerBooking, owner, doubleOwned };
}

/**
 * A spec's bed for two seat-reservation processes on one on-sale: registers beforeAll/afterAll
 * (the nodes are killed, woken first if frozen, and their state folders removed) and hands out
 * the bed, the two started nodes once both are in the group, and a results reader.
 */
export function twoNodeBed(clientId: string) {
  const bed = {} as Awaited<ReturnType<typeof openTestBed>>;
  const dirs = [tempDataDir(), tempDataDir()];
  const nodes: ChildProcess[] = [];
  beforeAll(async () => {
    Object.assign(bed, await openTestBed(clientId));
  });
  afterAll(async () => {
    for (const n of nodes) {
      if (n.exitCode === null) {
        n.kill('SIGCONT');
        n.kill('SIGKILL');
      }
    }
    await bed.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    bed,
    /** Starts node-a and node-b and resolves once the group is Stable with both. */
    async startNodes(): Promise<[ChildProcess, ChildProcess]> {
      nodes.push(spawnNode(bed.ns, 'node-a', dirs[0]!), spawnNode(bed.ns, 'node-b', dirs[1]!));
      await waitFor(
        'both nodes in the group',
        async () => (await stableGroupMembers(bed.kafka, bed.ns)) === 2,
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      return [nodes[0]!, nodes[1]!];
    },
  };
}
