/**
 * bench:changelog: what one section costs on the changelog topic. A section is sold out in
 * one-seat bookings (the worst case: one booking id per seat), in rounds of ROUND commands
 * (sent together and decided before the next), by a real node on the real broker; then the
 * changelog is read back to measure the bytes each committed round added for the section
 * (its snapshot and its ended-bookings blocks), and a second node restores the section from
 * the changelog alone. Cases: a 2,500-seat section (bench:seats' shape) and the largest one
 * the API accepts (MAX_SEATS_PER_SECTION), with 36-character UUIDs and 64-character ids.
 * Prints a table and, last, one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeatProcessor } from '@seat/adapters';
import { MAX_SEATS_PER_SECTION, encodeMessage, type SeatCommand } from '@shared/contracts';
import { createKafka, deleteTopics, ensureTopics } from '@shared/kafka';
import { assignSections, sectionKey, topicCreations, topicNames } from '@shared/streams';
import { InfraEnv, brokerList, createLogger, parseEnv, waitFor } from '@shared/util';

const env = parseEnv(InfraEnv, process.env);
const PARTITIONS = 10;
const ROUND = 100;
const kafka = createKafka({ brokers: brokerList(env.KAFKA_BROKERS), clientId: 'bench-changelog' });
const logger = createLogger('bench-changelog', 'warn');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Case {
  name: string;
  rows: number;
  seatsPerRow: number;
  id: (n: number) => string;
}

const CASES: Case[] = [
  { name: '2,500 seats, UUID ids', rows: 50, seatsPerRow: 50, id: () => randomUUID() },
  {
    name: `${MAX_SEATS_PER_SECTION.toLocaleString('en')} seats, UUID ids`,
    rows: 20,
    seatsPerRow: MAX_SEATS_PER_SECTION / 20,
    id: () => randomUUID(),
  },
  {
    name: `${MAX_SEATS_PER_SECTION.toLocaleString('en')} seats, 64-char ids`,
    rows: 20,
    seatsPerRow: MAX_SEATS_PER_SECTION / 20,
    id: (n) => `bk-${'x'.repeat(55)}${String(n).padStart(6, '0')}`,
  },
];

async function runCase(c: Case) {
  const ns = `benchcl${Date.now().toString(36)}`;
  const topics = topicNames(ns);
  await ensureTopics(
    kafka,
    topicCreations({ namespace: ns, partitions: PARTITIONS, replicationFactor: 1 }),
  );
  const dirs = [mkdtempSync(join(tmpdir(), 'bench-cl-')), mkdtempSync(join(tmpdir(), 'bench-cl-'))];
  const eventId = `evt_${ns}`;
  const section = 'S0';
  const seats = c.rows * c.seatsPerRow;
  const partition = assignSections(eventId, [{ name: section, seats }], PARTITIONS)[section]!;
  const node = (name: string, dataDir: string) =>
    new SeatProcessor({
      kafka,
      node: name,
      dataDir,
      namespace: ns,
      partitions: PARTITIONS,
      logger,
    });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const send = (commands: SeatCommand[]) =>
    producer.send({
      topic: topics.seatCommands,
      messages: commands.map((m) => ({
        key: sectionKey(eventId, section),
        value: encodeMessage(m),
        partition,
      })),
    });
  const first = node('node-sell', dirs[0]!);
  await first.start();
  await send([
    {
      type: 'InitSection',
      v: 1,
      eventId,
      section,
      rows: Array.from({ length: c.rows }, (_, r) => ({
        label: String(r + 1),
        seats: c.seatsPerRow,
      })),
      priceCents: 5000,
    },
  ]);
  await waitFor('section initialised', () => first.section(eventId, section), {
    timeoutMs: 60_000,
  });
  const started = performance.now();
  for (let n = 0; n < seats; n += ROUND) {
    const batch: SeatCommand[] = [];
    for (let k = n; k < Math.min(seats, n + ROUND); k++)
      batch.push({
        type: 'ReserveSeats',
        v: 1,
        eventId,
        section,
        bookingId: c.id(k),
        mode: 'best-available',
        quantity: 1,
      });
    await send(batch);
    const target = Math.min(seats, n + ROUND);
    await waitFor('the round decided', () => first.section(eventId, section)!.reserved >= target, {
      timeoutMs: 60_000,
      intervalMs: 2,
    });
    if (n % 2000 === 0) log(`${c.name}: ${target}/${seats} seats held`);
  }
  const sellMs = performance.now() - started;
  await first.stop();

  // The changelog partition of the section, read back: every record of the section.
  const admin = kafka.admin();
  await admin.connect();
  const high = BigInt(
    (await admin.fetchTopicOffsets(topics.seatChangelog)).find((p) => p.partition === partition)!
      .high,
  );
  await admin.disconnect();
  const key = sectionKey(eventId, section);
  let snapshots = 0;
  let snapshotBytes = 0;
  let blockBytes = 0;
  let largest = 0;
  const consumer = kafka.consumer({ groupId: `bench-cl-read-${ns}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.seatChangelog, fromBeginning: true });
  let done = false;
  await consumer.run({
    eachMessage: async ({ partition: p, message }) => {
      if (p !== partition) return;
      const k = message.key?.toString() ?? '';
      const size = (message.value?.length ?? 0) + (message.key?.length ?? 0);
      if (k === key) {
        snapshots++;
        snapshotBytes += size;
        largest = Math.max(largest, size);
      } else if (k.includes(key)) blockBytes += size;
      // The partition ends with the last transaction's commit marker, which is not a message.
      if (BigInt(message.offset) + 2n >= high) done = true;
    },
  });
  await waitFor('the changelog read', () => done, { timeoutMs: 120_000, intervalMs: 50 });
  await consumer.disconnect();

  const second = node('node-restore', dirs[1]!);
  await second.start();
  await waitFor('section restored', () => second.section(eventId, section), { timeoutMs: 120_000 });
  const restore = second.restores.find((r) => r.partition === partition)!;
  await second.stop();
  await producer.disconnect();
  await deleteTopics(kafka, Object.values(topics));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return {
    case: c.name,
    seats,
    rounds: snapshots,
    bytesPerRound: Math.round((snapshotBytes + blockBytes) / snapshots),
    endedBlockBytesPerRound: Math.round(blockBytes / snapshots),
    largestRecordBytes: largest,
    sellMs: Math.round(sellMs),
    restoreMs: restore.ms,
    restoreChangelogMs: restore.steps.changelog,
  };
}

async function main() {
  const rows = [];
  for (const c of CASES) rows.push(await runCase(c));
  console.table(rows);
  const [small, largest, longest] = rows;
  console.log(
    JSON.stringify({
      bytesPerRound2500: small!.bytesPerRound,
      bytesPerRoundLargest: largest!.bytesPerRound,
      bytesPerRoundLargestLongIds: longest!.bytesPerRound,
      largestRecordBytes: longest!.largestRecordBytes,
      restoreMsLargest: largest!.restoreMs,
      restoreMsLargestLongIds: longest!.restoreMs,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
