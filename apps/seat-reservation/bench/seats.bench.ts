/**
 * npm run bench:seats — the seat-reservation pipeline on this machine: 2 node processes owning
 * 10 partitions, a 50,000-seat event (20 sections of 2,500), commands produced straight to Kafka.
 *
 * Phases: (1) flat out until sold out: throughput and latency under saturation; (2) a paced
 * 2,000 commands/s on a second event: p99 at that rate; (3) kill -9 of one node during paced
 * load: the gap until its partitions answer again; (4) a third node with no local state joins:
 * how long it takes to restore its partitions (5,000 seats of the big event each, plus the
 * other events' sections) from the changelog alone.
 * Latency = a command's result consumed (read_committed) minus the command's send time.
 * Prints a table; the last line is one JSON object. `-- --profile`: CPU profiles of the nodes
 * (those stopped gracefully at the end) in the state folder it names.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { SeatResult, decodeMessage, encodeMessage, type SeatCommand } from '@shared/contracts';
import { createKafka, deleteTopics, ensureTopics } from '@shared/kafka';
import { assignSections, groupId, sectionKey, topicCreations, topicNames } from '@shared/streams';
import { spawnSeatNode, stopChild } from '@shared/testing';
import { InfraEnv, brokerList, parseEnv, sleep, waitFor } from '@shared/util';

const env = parseEnv(InfraEnv, process.env);
const PARTITIONS = 10;
const ns = `bench${Date.now().toString(36)}`;
const brokers = brokerList(env.KAFKA_BROKERS);
const kafka = createKafka({ brokers, clientId: 'bench-seats' });
const topics = topicNames(ns);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Sent {
  at: number;
  partition: number;
}
const sent = new Map<string, Sent>();
/** Per result: when the client saw it, its latency, its partition, and when its producer created it. */
const latencies: { at: number; ms: number; partition: number; createdAt: number }[] = [];
const owner = new Map<string, string>();
let ownedTwice = 0;
let results = 0;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A node process; its warnings go to a log file beside the benchmark's state. With --profile it
 * runs with --cpu-prof and leaves a .cpuprofile there when it stops (nodes stopped with SIGTERM).
 */
function spawnNode(node: string, port: number): ChildProcess {
  return spawnSeatNode({
    namespace: ns,
    node,
    dataDir,
    port,
    logFile: join(dataDir, `${node}.log`),
    logLevel: 'warn',
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(dataDir, 'profiles')}`] } : {}),
  });
}
const profile = process.argv.includes('--profile');
const dataDir = mkdtempSync(join(tmpdir(), 'bench-seats-'));

function makeEvent(eventId: string) {
  const names = Array.from({ length: 20 }, (_, i) => `S${i}`);
  const assignment = assignSections(
    eventId,
    names.map((name) => ({ name, seats: 2500 })),
    PARTITIONS,
  );
  const inits: SeatCommand[] = names.map((section) => ({
    type: 'InitSection',
    v: 1,
    eventId,
    section,
    rows: Array.from({ length: 50 }, (_, r) => ({ label: String(r + 1), seats: 50 })),
    priceCents: 5000,
  }));
  return { eventId, names, assignment, inits };
}

async function send(
  producer: Producer,
  assignment: Record<string, number>,
  commands: SeatCommand[],
): Promise<void> {
  const now = Date.now();
  for (const c of commands)
    if (c.type === 'ReserveSeats')
      sent.set(c.bookingId, { at: now, partition: assignment[c.section]! });
  await producer.send({
    topic: topics.seatCommands,
    messages: commands.map((c) => ({
      key: sectionKey(c.eventId, c.section),
      value: encodeMessage(c),
      partition: assignment[c.section]!,
    })),
  });
}

const soldIn = (eventId: string) =>
  [...heldPerSection].filter(([k]) => k.startsWith(`${eventId}:`)).reduce((n, [, v]) => n + v, 0);
let bookingSeq = 0;
/** Seats held per "eventId:section", from the results: buyers move on from sold-out sections. */
const heldPerSection = new Map<string, number>();
function reserve(event: ReturnType<typeof makeEvent>, random: () => number): SeatCommand {
  // Hot-section skew among the sections that still have seats: the first ones get most requests.
  const open = event.names.filter(
    (n) => (heldPerSection.get(sectionKey(event.eventId, n)) ?? 0) < 2500,
  );
  const choices = open.length > 0 ? open : event.names;
  const section = choices[Math.floor(random() * random() * choices.length)]!;
  return {
    type: 'ReserveSeats',
    v: 1,
    eventId: event.eventId,
    section,
    bookingId: `b${bookingSeq++}`,
    mode: 'best-available',
    quantity: 1 + Math.floor(random() * 4),
  };
}

/** What a node's GET /status answers: its partitions and how each was restored. */
interface NodeStatus {
  partitions: number[];
  restores: {
    partition: number;
    source: string;
    sections: number;
    ms: number;
    steps?: Record<string, number>;
  }[];
}

async function status(port: number): Promise<NodeStatus> {
  return (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<NodeStatus>;
}

/** Sums of the nodes' batch histograms (seat_batch_phase_seconds, seat_batch_commands) and transaction aborts, from /metrics. */
async function batchTotals(ports: number[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) {
      const m =
        /^(seat_batch_phase_seconds|seat_batch_commands)_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
      const bucket = /^seat_command_latency_seconds_bucket\{.*le="([^"]+)".*\} (\S+)$/.exec(line);
      if (bucket) {
        const key = `latency:${bucket[1]}`;
        totals.set(key, (totals.get(key) ?? 0) + Number(bucket[2]));
      }
      const aborts = /^seat_transaction_aborts_total\{[^}]*\} (\S+)$/.exec(line);
      if (aborts) totals.set('aborts', (totals.get('aborts') ?? 0) + Number(aborts[1]));
      if (!m) continue;
      const phase = /phase="([^"]+)"/.exec(m[3]!)?.[1] ?? 'batch';
      const key = `${m[1]}:${phase}:${m[2]}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(m[4]));
    }
  }
  return totals;
}

/**
 * The upper bound of the histogram bucket holding quantile q of the nodes' own command latency
 * (appended to the command topic -> results committed) between two scrapes: engine-side
 * latency, without the client's produce and read_committed fetch.
 */
function engineQuantileMs(before: Map<string, number>, after: Map<string, number>, q: number) {
  const bounds = [...after.keys()]
    .filter((k) => k.startsWith('latency:'))
    .map((k) => k.slice('latency:'.length))
    .sort((a, b) => (a === '+Inf' ? 1 : b === '+Inf' ? -1 : Number(a) - Number(b)));
  const cumulative = (le: string) =>
    (after.get(`latency:${le}`) ?? 0) - (before.get(`latency:${le}`) ?? 0);
  const total = cumulative('+Inf');
  const found = bounds.find((le) => cumulative(le) >= q * total);
  return found === undefined || found === '+Inf' ? '>max' : `<=${Number(found) * 1000}`;
}

/** Mean time per batch in each phase between two scrapes, and the mean batch size. */
function batchProfile(before: Map<string, number>, after: Map<string, number>) {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const batches = delta('seat_batch_commands:batch:count');
  const row: Record<string, number> = {
    batches,
    'commands/batch': Math.round(delta('seat_batch_commands:batch:sum') / Math.max(1, batches)),
    // Steady load aborts nothing: any here means transactions fail and partitions are restored.
    aborts: delta('aborts'),
  };
  const engine: Record<string, string> = {
    'engine p50 ms': engineQuantileMs(before, after, 0.5),
    'engine p99 ms': engineQuantileMs(before, after, 0.99),
  };
  for (const phase of ['wait', 'state', 'apply', 'transaction', 'produce', 'commit'])
    row[`${phase} ms`] =
      Math.round(
        (delta(`seat_batch_phase_seconds:${phase}:sum`) * 1e4) /
          Math.max(1, delta(`seat_batch_phase_seconds:${phase}:count`)),
      ) / 10;
  return { ...row, ...engine };
}

async function main(): Promise<void> {
  await ensureTopics(
    kafka,
    topicCreations({ namespace: ns, partitions: PARTITIONS, replicationFactor: 1 }),
  );
  const consumer = kafka.consumer({
    groupId: `bench-results-${ns}`,
    readUncommitted: false,
    maxWaitTimeInMs: 20,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.seatResults], fromBeginning: true });
  await consumer.run({
    // No offset commits: a fresh group each run, read from the beginning. Committing after every
    // batch put an OffsetCommit round trip before each next fetch, ~50 ms of every measured
    // latency at 2,000 commands/s.
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        const r = decodeMessage(SeatResult, m.value);
        if (!r.ok) continue;
        results++;
        const s = sent.get(r.value.bookingId);
        if (s)
          latencies.push({
            at: now,
            ms: now - s.at,
            partition: s.partition,
            createdAt: Number(m.timestamp),
          });
        if (r.value.type === 'SeatsReserved') {
          const key = sectionKey(r.value.eventId, r.value.section);
          heldPerSection.set(key, (heldPerSection.get(key) ?? 0) + r.value.seats.length);
          for (const seat of r.value.seats) {
            const id = `${r.value.eventId}/${seat}`; // seat ids repeat across events
            const prev = owner.get(id);
            if (prev && prev !== r.value.bookingId) ownedTwice++;
            owner.set(id, r.value.bookingId);
          }
        }
      }
    },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const nodes = [spawnNode('bench-a', 3110), spawnNode('bench-b', 3111)];
  // Never leave node processes behind, whatever ends this script.
  const killNodes = () => nodes.forEach((n) => n.exitCode === null && n.kill('SIGKILL'));
  process.on('exit', killNodes);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  const admin = kafka.admin();
  await admin.connect();
  await waitFor(
    '2 nodes in the group',
    async () => {
      const { groups } = await admin.describeGroups([groupId('seatReservation', ns)]);
      return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  log('2 nodes up');
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  // Phase 1: flat out until 50,000 seats are held.
  const big = makeEvent('evt_bench_big');
  await send(producer, big.assignment, big.inits);
  await sleep(1000);
  const scrape0 = await batchTotals([3110, 3111]);
  const phase1Start = Date.now();
  const before1 = latencies.length;
  let produced = 0;
  while (soldIn(big.eventId) < 50_000 && Date.now() - phase1Start < 120_000) {
    const batch = Array.from({ length: 1000 }, () => reserve(big, random));
    produced += batch.length;
    await send(producer, big.assignment, batch);
    // Keep at most ~20,000 commands ahead of the results (the producer is faster than the engine).
    while (produced - (latencies.length - before1) > 5_000) await sleep(2);
    if (produced % 10_000 === 0)
      log(`phase 1: ${produced} sent, ${soldIn(big.eventId)} seats held`);
  }
  await waitFor('phase 1 results', () => latencies.length - before1 >= produced, {
    timeoutMs: 60_000,
  });
  const phase1Ms = Date.now() - phase1Start;
  const phase1 = latencies.slice(before1).map((l) => l.ms);
  const commandsPerSec = Math.round((produced / phase1Ms) * 1000);
  const soldOut = soldIn(big.eventId) >= 50_000;
  log(`phase 1: ${produced} commands in ${phase1Ms} ms, sold out: ${soldOut}`);

  // Phase 2: a paced 2,000 commands/s for 10 s on a fresh event.
  const paced = makeEvent('evt_bench_paced');
  await send(producer, paced.assignment, paced.inits);
  await sleep(1000);
  const scrape1 = await batchTotals([3110, 3111]);
  const before2 = latencies.length;
  const start2 = Date.now();
  let sent2 = 0;
  while (Date.now() - start2 < 10_000) {
    const due = Math.floor(((Date.now() - start2) / 1000) * 2000);
    if (due > sent2) {
      const batch = Array.from({ length: due - sent2 }, () => reserve(paced, random));
      sent2 += batch.length;
      await send(producer, paced.assignment, batch);
    }
    await sleep(5);
  }
  await waitFor('phase 2 results', () => latencies.length - before2 >= sent2, {
    timeoutMs: 60_000,
  });
  const phase2Rows = latencies.slice(before2);
  const phase2 = phase2Rows.map((l) => l.ms);
  // Split each latency where the node created the result: sent -> result created (fetch, the
  // round, apply) and result created -> consumed (the transaction, its markers, the client's fetch).
  const toNode = phase2Rows.map((l) => l.createdAt - (l.at - l.ms));
  const fromNode = phase2Rows.map((l) => l.at - l.createdAt);
  log(
    `phase 2: ${sent2} commands at 2,000/s; sent -> result created p50 ${percentile(toNode, 50)} p99 ${percentile(toNode, 99)} ms; created -> consumed p50 ${percentile(fromNode, 50)} p99 ${percentile(fromNode, 99)} ms`,
  );
  // p99 per 2 s window of the paced phase. The event sells out in about 10 s at this rate, so
  // the windows tell the selling phase from the sold-out tail, where most requests are cheap
  // rejections (no state change, no snapshot).
  const windows = Array.from({ length: 5 }, (_, w) =>
    percentile(
      phase2Rows.filter((l) => Math.floor((l.at - l.ms - start2) / 2000) === w).map((l) => l.ms),
      99,
    ),
  );
  log(`phase 2: p99 per 2 s window ${windows.join(', ')} ms`);
  const scrape2 = await batchTotals([3110, 3111]);

  // Phase 3: kill -9 node a under a paced 1,000 commands/s; measure its partitions' gap.
  const aPartitions = (await status(3110)).partitions;
  const failEvent = makeEvent('evt_bench_fail');
  await send(producer, failEvent.assignment, failEvent.inits);
  await sleep(1000);
  const start3 = Date.now();
  let sent3 = 0;
  let killedAt = 0;
  while (Date.now() - start3 < 25_000) {
    if (!killedAt && Date.now() - start3 > 3000) {
      nodes[0]!.kill('SIGKILL');
      killedAt = Date.now();
      log(`phase 3: killed node a (partitions ${aPartitions.join(',')})`);
    }
    const due = Math.floor(((Date.now() - start3) / 1000) * 1000);
    if (due > sent3) {
      const batch = Array.from({ length: due - sent3 }, () => reserve(failEvent, random));
      sent3 += batch.length;
      await send(producer, failEvent.assignment, batch);
    }
    await sleep(5);
  }
  await waitFor('phase 3 results', () => sent.size <= latencies.length, {
    timeoutMs: 90_000,
  }).catch(() => log('phase 3: some results missing'));
  // Gap: for each of a's partitions, the first result its new owner produced (a result created
  // after the kill can only come from the new owner: the dead node's open transaction is
  // aborted) minus the kill time. Results merely consumed after the kill do not count.
  const gaps = aPartitions.map((p) => {
    const first = latencies.find((l) => l.createdAt > killedAt && l.partition === p);
    return first ? first.createdAt - killedAt : NaN;
  });
  const failoverGapMs = Math.max(...gaps);
  // A third node with an empty data dir joins: the group rebalances and it restores the
  // partitions it gets from the changelog alone.
  const third = spawnNode('bench-c', 3112);
  nodes.push(third);
  const fromChangelog = await waitFor(
    'the third node to restore its partitions',
    async () => {
      const st = await status(3112).catch(() => undefined);
      const done = st?.restores.filter((r) => r.source === 'changelog') ?? [];
      return st && st.partitions.length > 0 && done.length >= st.partitions.length
        ? done
        : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  const restoreMs5000Seats = Math.max(...fromChangelog.map((r) => r.ms));
  log(
    `third node restored ${fromChangelog
      .map(
        (r) =>
          `p${r.partition} (${r.sections} sections, ${r.ms} ms: ${Object.entries(r.steps ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`,
      )
      .join('; ')}`,
  );
  const all = latencies.map((l) => l.ms);

  // Graceful stop of the nodes still running (their --profile output is written on exit).
  await Promise.all(nodes.slice(1).map((n) => stopChild(n, 20_000)));
  await consumer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  await deleteTopics(kafka, Object.values(topics));
  if (process.env['KEEP_BENCH_STATE'] !== '1') rmSync(dataDir, { recursive: true, force: true });

  const rows = [
    {
      phase: '1 flat out to sold out',
      commands: produced,
      'commands/s': commandsPerSec,
      p50Ms: percentile(phase1, 50),
      p99Ms: percentile(phase1, 99),
    },
    {
      phase: '2 paced 2,000/s',
      commands: sent2,
      'commands/s': 2000,
      p50Ms: percentile(phase2, 50),
      p99Ms: percentile(phase2, 99),
    },
    { phase: '3 kill -9 at 1,000/s', commands: sent3, 'commands/s': 1000, p50Ms: '-', p99Ms: '-' },
  ];
  console.table(rows);
  console.log('where a batch spends its time (mean per batch, both nodes):');
  console.table([
    { phase: '1 flat out', ...batchProfile(scrape0, scrape1) },
    { phase: '2 paced 2,000/s', ...batchProfile(scrape1, scrape2) },
  ]);
  console.log(
    `failover gap ${failoverGapMs} ms; restore of a 5,000-seat partition from the changelog ${restoreMs5000Seats} ms; seats owned twice ${ownedTwice}; results ${results}`,
  );
  console.log(
    JSON.stringify({
      commandsPerSec,
      p50Ms: percentile(phase1, 50),
      p99Ms: percentile(phase1, 99),
      p99MsAt2000PerSec: percentile(phase2, 99),
      restoreMs5000Seats,
      failoverGapMs,
      seatsOwnedTwice: ownedTwice,
      soldOut,
      commands: all.length,
    }),
  );
}

process.on('exit', () => log(`node logs and state: ${dataDir}`));
main().then(
  () => process.exit(0),
  (err: Error) => {
    log(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
