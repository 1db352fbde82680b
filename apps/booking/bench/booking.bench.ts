/**
 * bench:booking — buyers through the gateway's HTTP API with the whole pipeline running: the
 * gateway and booking's server.ts as processes of their own (booking with its HTTP API, outbox
 * relay and results consumer) against the real PostgreSQL, Redis, Kafka and one
 * seat-reservation node (child process). The load generator (this process) keeps HTTP/1.1
 * connections alive, as browsers behind a load balancer would. `--direct` sends to booking's
 * own port instead, to tell booking's figures from the gateway's hop.
 *
 *   npm run bench:booking                                   # both phases, defaults below
 *   npm run bench:booking -- --bookings=20000 --concurrency=200 --rate=1000 --seconds=10
 *   npm run bench:booking -- --rate=0                       # flat out only
 *   npm run bench:booking -- --direct                       # skip the gateway
 *   npm run bench:booking -- --profile                      # booking runs with --cpu-prof
 *   npm run bench:booking -- --ceiling=0                    # skip the HTTP ceiling phase
 *   BENCH_LOG_LEVEL=info npm run bench:booking              # with per-request logs (default warn)
 *
 * Phase 0, the HTTP ceiling (closed model, `ceiling` requests, `concurrency` in flight): the same
 * requests through the same path (gateway, body validation, token, revocation check and rate
 * limit in Redis, the event from booking's memory) for a well-formed section name the event does
 * not have, so booking answers 400 BOOKING_SECTION_UNKNOWN before anything is stored or sent.
 * What the machine does for the HTTP path alone bounds what it can do for whole bookings: the
 * rest of the pipeline only adds to its cost.
 * Phase 1, flat out (closed model): `concurrency` requests in flight until `bookings` are sent.
 * Phase 2, paced (open model): `rate` new requests per second for `seconds`, each sent at its
 * scheduled time whatever the earlier ones are doing; its latency counts from that time, so a
 * slow server cannot hide its queue (no coordinated omission).
 *
 * The header line says which proxy the gateway used (nginx, or its Node engine when nginx is
 * missing): runs through the two are not comparable.
 *
 * Per phase: HTTP latency (POST to 202), and decision latency (request stored as PROCESSING to
 * PENDING_PAYMENT or FAILED, from booking's own timestamps in its history table), and of it the
 * relay's share (stored to its Reserve command acknowledged by Kafka and deleted from the outbox:
 * the upper bound of the bucket of booking's booking_outbox_delay_seconds histogram that holds
 * the percentile, so "<= 30"). Throughput
 * counts from the first request until no booking of the phase is PROCESSING. Last line: one
 * JSON object.
 */
import { Agent, request } from 'node:http';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnApp } from '@shared/testing';
import { openTestBed, publishEvent, type TestBed } from '../test/support';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const env = process.env[`BENCH_${name.toUpperCase()}`];
  const value = Number(arg?.slice(name.length + 3) ?? env ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`);
  return value;
}

const N = option('bookings', 20_000);
const CONCURRENCY = option('concurrency', 200);
const RATE = option('rate', 1000);
const SECONDS = option('seconds', 10);
const CEILING = option('ceiling', 10_000);
const PROFILE = process.argv.includes('--profile');
const DIRECT = process.argv.includes('--direct');
const SECTIONS = 10;
const SEATS_PER_BOOKING = 2;
/** The ceiling phase's section: a well-formed name no event of the bench has. */
const NO_SUCH_SECTION = 'NOSUCHSECTION';

interface Phase {
  name: string;
  /** CPU ms used by each group of processes at the start of the phase and at the end. */
  cpuStart: CpuGroups;
  cpuEnd: CpuGroups;
  /** booking's outbox delay histogram for Reserve commands, at the start and at the end. */
  relayStart: Buckets;
  relayEnd: Buckets;
  eventId: string;
  latencies: number[];
  httpErrors: number;
  started: number;
  accepted: number;
  decided: number;
  count: number;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const v = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return Math.round(v * 10) / 10;
}

async function main(): Promise<void> {
  const bed = await openTestBed('booking-bench');
  const profDir = join(process.cwd(), '.cache', 'bench-prof');
  if (PROFILE) mkdirSync(profDir, { recursive: true });
  const booking = await spawnApp({
    script: 'apps/booking/src/server.ts',
    env: bed.env({
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      BOOKING_RATE_LIMIT_PER_MIN: '100000',
    }),
    nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  });
  const gateway = DIRECT
    ? undefined
    : await spawnApp({
        script: 'apps/gateway/src/server.ts',
        env: { LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn', BOOKING_URL: booking.base },
        nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      }).catch(async (err: unknown) => {
        await booking.stop();
        await bed.cleanup();
        throw err;
      });
  const pids = { booking: booking.child.pid, gateway: gateway?.child.pid };
  // Which proxy the gateway chose: its Node fallback (nginx not installed) costs ~7 times the
  // CPU per request, and a run through it is not comparable with one through nginx.
  const gatewayEngine = gateway
    ? (await fetch(new URL('/health', gateway.base))).headers.get('server')?.startsWith('nginx')
      ? 'nginx'
      : 'node'
    : undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, 256) });
  const url = new URL('/api/bookings', (gateway ?? booking).base);
  try {
    const tokens = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => bed.buyerToken(`bench-${i}`)),
    );
    const bodyOf = (eventId: string, section: string) =>
      JSON.stringify({ eventId, mode: 'best-available', section, quantity: SEATS_PER_BOOKING });
    const post = (eventId: string, i: number, section = `S${i % SECTIONS}`): Promise<number> =>
      new Promise((resolve, reject) => {
        const body = bodyOf(eventId, section);
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${tokens[i % tokens.length]}`,
              'idempotency-key': `${eventId}-key-${i}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    /**
     * Closed model: `count` requests, `concurrency` in flight, each sent when one returns. Their
     * latencies, sorted, and how many answers were not `expected` (a failed request counts).
     */
    const closedLoop = async (
      count: number,
      send: (i: number) => Promise<number>,
      expected: number,
    ): Promise<{ latencies: number[]; unexpected: number }> => {
      const latencies: number[] = [];
      let unexpected = 0;
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const t0 = performance.now();
          const status = await send(i).catch(() => 0);
          latencies.push(performance.now() - t0);
          if (status !== expected) unexpected++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return { latencies: latencies.sort((a, b) => a - b), unexpected };
    };
    const event = async (eventId: string, bookings: number) => {
      const seatsPerSection = Math.ceil((bookings * SEATS_PER_BOOKING) / SECTIONS / 50) * 50 + 50;
      await publishEvent(
        bed,
        eventId,
        Array.from({ length: SECTIONS }, (_, i) => ({
          name: `S${i}`,
          rows: seatsPerSection / 50,
          seatsPerRow: 50,
          priceCents: 5000,
        })),
      );
    };
    const phases: Phase[] = [];
    const relaySample = () => outboxDelay(booking.base, bed.topics.seatCommands);
    const newPhase = async (name: string, eventId: string, count: number): Promise<Phase> => {
      const relayStart = await relaySample();
      return {
        name,
        eventId,
        latencies: [],
        httpErrors: 0,
        started: performance.now(),
        cpuStart: cpuSample(pids),
        cpuEnd: cpuSample(pids),
        relayStart,
        relayEnd: relayStart,
        accepted: 0,
        decided: 0,
        count,
      };
    };

    // Warm-up: JIT, prepared statements, connections (not reported).
    await event('warmup', 500);
    await Promise.all(Array.from({ length: 500 }, (_, i) => post('warmup', i)));
    await waitUndecided(bed, 'warmup');

    let ceiling: (CpuGroups & { requestsPerSec: number; p50Ms: number; p99Ms: number }) | undefined;
    if (CEILING > 0) {
      // A section name the schema accepts but the event lacks, so the request passes the token,
      // revocation and rate-limit checks (preHandlers run after validation) and the catalog
      // before it is refused; one probe checks that it is refused for that reason.
      const probe = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens[0]}`,
          'idempotency-key': 'ceiling-probe-0000',
        },
        body: bodyOf('warmup', NO_SUCH_SECTION),
      });
      const refusal = ((await probe.json()) as { error?: { code?: string } }).error?.code;
      if (probe.status !== 400 || refusal !== 'BOOKING_SECTION_UNKNOWN') {
        throw new Error(
          `ceiling probe answered ${probe.status} ${refusal}, not the unknown section`,
        );
      }
      const cpuStart = cpuSample(pids);
      const started = performance.now();
      const { latencies, unexpected } = await closedLoop(
        CEILING,
        (i) => post('warmup', i, NO_SUCH_SECTION),
        400,
      );
      const elapsed = performance.now() - started;
      // Anything but the 400 means the phase measured something else (say, 429s from the rate
      // limit): a figure that would mislead, so the run stops here.
      if (unexpected > 0) throw new Error(`ceiling phase: ${unexpected} answers were not 400`);
      ceiling = {
        requestsPerSec: Math.round(CEILING / (elapsed / 1000)),
        p50Ms: pct(latencies, 0.5),
        p99Ms: pct(latencies, 0.99),
        ...cpuPerBooking(cpuStart, cpuSample(pids), CEILING),
      };
    }

    if (N > 0) {
      await event('flat', N);
      const phase = await newPhase('1 flat out', 'flat', N);
      const run = await closedLoop(N, (i) => post('flat', i), 202);
      phase.latencies = run.latencies;
      phase.httpErrors = run.unexpected;
      phase.accepted = performance.now();
      await waitUndecided(bed, 'flat');
      phase.decided = performance.now();
      phase.cpuEnd = cpuSample(pids);
      phase.relayEnd = await relaySample();
      phases.push(phase);
    }

    /** HTTP latencies of the paced phase by the second they were scheduled in. */
    const pacedPerSecond: number[][] = [];
    if (RATE > 0 && SECONDS > 0) {
      const total = Math.round(RATE * SECONDS);
      await event('paced', total);
      const phase = await newPhase(`2 paced ${RATE}/s`, 'paced', total);
      const inFlight: Promise<void>[] = [];
      let sent = 0;
      while (sent < total) {
        const due = Math.min(
          total,
          Math.floor(((performance.now() - phase.started) * RATE) / 1000) + 1,
        );
        for (; sent < due; sent++) {
          const scheduled = phase.started + (sent * 1000) / RATE;
          const second = Math.floor(sent / RATE);
          inFlight.push(
            post('paced', sent)
              .catch(() => 0)
              .then((status) => {
                const latency = performance.now() - scheduled;
                phase.latencies.push(latency);
                (pacedPerSecond[second] ??= []).push(latency);
                if (status !== 202) phase.httpErrors++;
              }),
          );
        }
        await sleep(1);
      }
      await Promise.all(inFlight);
      phase.accepted = performance.now();
      await waitUndecided(bed, 'paced');
      phase.decided = performance.now();
      phase.cpuEnd = cpuSample(pids);
      phase.relayEnd = await relaySample();
      phases.push(phase);
    }

    const rows = [];
    const cpuRows: ({ phase: string } & CpuGroups)[] = [];
    for (const phase of phases) {
      const decide = await decisionLatencies(bed, phase.eventId);
      const held = await bed.prisma.booking.count({
        where: { eventId: phase.eventId, status: 'PENDING_PAYMENT' },
      });
      const stuck = await bed.prisma.booking.count({
        where: { eventId: phase.eventId, status: 'PROCESSING' },
      });
      phase.latencies.sort((a, b) => a - b);
      const cpu = cpuPerBooking(phase.cpuStart, phase.cpuEnd, phase.count);
      cpuRows.push({ phase: phase.name, ...cpu });
      rows.push({
        phase: phase.name,
        bookings: phase.count,
        httpErrors: phase.httpErrors,
        acceptedPerSec: Math.round(phase.count / ((phase.accepted - phase.started) / 1000)),
        bookingsPerSec: Math.round(phase.count / ((phase.decided - phase.started) / 1000)),
        httpP50Ms: pct(phase.latencies, 0.5),
        httpP99Ms: pct(phase.latencies, 0.99),
        relayP50LeMs: bucketOf(phase.relayStart, phase.relayEnd, 0.5),
        relayP99LeMs: bucketOf(phase.relayStart, phase.relayEnd, 0.99),
        decideP50Ms: pct(decide, 0.5),
        decideP99Ms: pct(decide, 0.99),
        pendingPayment: held,
        stuck,
      });
    }
    console.log(
      `booking bench: ${SEATS_PER_BOOKING} seats per booking over ${SECTIONS} sections; ` +
        `flat out ${N} bookings with ${CONCURRENCY} in flight; paced ${RATE}/s for ${SECONDS} s; ` +
        (DIRECT
          ? 'straight to booking'
          : gatewayEngine === 'nginx'
            ? 'through the gateway (nginx)'
            : 'through the gateway (its Node engine: nginx not installed, or GATEWAY_ENGINE=node; not comparable with nginx runs)'),
    );
    console.table(rows);
    if (pacedPerSecond.length > 0) {
      // A stall shows as one bad second, a machine too busy for the rate as all of them.
      const windows = pacedPerSecond.map((l) =>
        pct(
          [...l].sort((a, b) => a - b),
          0.99,
        ),
      );
      console.log(`paced phase: HTTP p99 per 1 s window ${windows.join(', ')} ms`);
    }
    if (ceiling) {
      console.log(
        `HTTP ceiling: ${CEILING} requests refused (400) before storage, ${CONCURRENCY} in flight; ` +
          'CPU ms per request',
      );
      console.table([ceiling]);
    }
    console.log('CPU ms per booking (PostgreSQL and Kafka: machine-wide, upper bounds)');
    console.table(cpuRows);
    const flat = rows.find((r) => r.phase.startsWith('1'));
    const paced = rows.find((r) => r.phase.startsWith('2'));
    console.log(
      JSON.stringify({
        bookingsPerSec: flat?.bookingsPerSec ?? null,
        acceptedPerSec: flat?.acceptedPerSec ?? null,
        p50Ms: flat?.httpP50Ms ?? null,
        p99Ms: flat?.httpP99Ms ?? null,
        decideP99Ms: flat?.decideP99Ms ?? null,
        bookingCpuMsPerBooking: cpuRows[0]?.booking ?? null,
        httpCeilingPerSec: ceiling?.requestsPerSec ?? null,
        viaGateway: !DIRECT,
        ...(gatewayEngine ? { gatewayEngine } : {}),
        rate: paced ? RATE : null,
        p99MsAtRate: paced?.httpP99Ms ?? null,
        decideP99MsAtRate: paced?.decideP99Ms ?? null,
        httpErrors: rows.reduce((n, r) => n + r.httpErrors, 0),
        stuckProcessing: rows.reduce((n, r) => n + r.stuck, 0),
      }),
    );
  } finally {
    agent.destroy();
    await gateway?.stop();
    await booking.stop();
    await bed.cleanup();
  }
}

/**
 * CPU time (user + system, ms) used so far by the processes of each group, from /proc (Linux):
 * what a booking costs whatever else the machine is doing, unlike wall-clock rates on shared
 * cores. PostgreSQL and Kafka are machine-wide (every backend, the one broker), so on a shared
 * machine their figures include other work and are upper bounds.
 */
type CpuGroups = Record<
  'gateway' | 'booking' | 'seatNode' | 'client' | 'postgres' | 'kafka',
  number
>;
function cpuSample(pids: { booking?: number; gateway?: number }): CpuGroups {
  const out: CpuGroups = { gateway: 0, booking: 0, seatNode: 0, client: 0, postgres: 0, kafka: 0 };
  const usage = process.cpuUsage();
  out.client = (usage.user + usage.system) / 1000;
  const procs: { pid: number; ppid: number; comm: string; ms: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime (fields 14 and 15 of stat) in clock ticks, 100 per second on Linux.
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      procs.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ms });
    } catch {
      // the process ended between listing and reading
    }
  }
  // The gateway is its Node process and what it runs (the nginx engine's master and workers).
  const parentOf = new Map(procs.map((p) => [p.pid, p.ppid]));
  const inGateway = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 16; p = parentOf.get(p) ?? 0, hops++) {
      if (p === pids.gateway) return true;
    }
    return false;
  };
  for (const { pid, ppid, comm, ms } of procs) {
    try {
      if (pid === pids.booking) out.booking += ms;
      else if (pids.gateway !== undefined && inGateway(pid)) out.gateway += ms;
      else if (comm === 'postgres') out.postgres += ms;
      else if (ppid === process.pid || comm === 'java') {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes('apps/seat-reservation/src/server.ts')) out.seatNode += ms;
        else if (cmd.includes('kafka.Kafka')) out.kafka += ms;
      }
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

/** CPU ms per booking of each group between two samples. */
function cpuPerBooking(a: CpuGroups, b: CpuGroups, count: number): CpuGroups {
  const per = (k: keyof CpuGroups) => Math.round(((b[k] - a[k]) / count) * 100) / 100;
  return {
    gateway: per('gateway'),
    booking: per('booking'),
    seatNode: per('seatNode'),
    client: per('client'),
    postgres: per('postgres'),
    kafka: per('kafka'),
  };
}

/** Waits (at most 2 minutes) until no booking of the event is PROCESSING. */
async function waitUndecided(bed: TestBed, eventId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const processing = await bed.prisma.booking.count({ where: { eventId, status: 'PROCESSING' } });
    if (processing === 0) return;
    await sleep(20);
  }
}

/** ms from PROCESSING to the decision (PENDING_PAYMENT or FAILED), per booking, sorted. */
async function decisionLatencies(bed: TestBed, eventId: string): Promise<number[]> {
  const rows = await bed.prisma.$queryRaw<{ ms: number }[]>`
    SELECT EXTRACT(EPOCH FROM (d.at - b.created_at)) * 1000 AS ms
    FROM booking.bookings b
    JOIN booking.booking_transitions d ON d.booking_id = b.id
      AND d."to" IN ('PENDING_PAYMENT', 'FAILED') AND d."from" = 'PROCESSING'
    WHERE b.event_id = ${eventId}
    ORDER BY ms`;
  return rows.map((r) => Number(r.ms));
}

/** Cumulative bucket counts of a histogram: upper bound in seconds -> count. */
type Buckets = Map<number, number>;

/** booking's booking_outbox_delay_seconds buckets for one topic, from its /metrics. */
async function outboxDelay(base: string, topic: string): Promise<Buckets> {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('booking_outbox_delay_seconds_bucket{')) continue;
    const labels = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
    if (!labels.includes(`topic="${topic}"`)) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined) continue;
    buckets.set(
      le === '+Inf' ? Infinity : Number(le),
      Number(line.slice(line.lastIndexOf(' ') + 1)),
    );
  }
  return buckets;
}

/**
 * The upper bound (ms) of the bucket that holds percentile `p` of what was observed between two
 * samples of a histogram; NaN when nothing was.
 */
function bucketOf(start: Buckets, end: Buckets, p: number): number {
  const bounds = [...end.keys()].sort((a, b) => a - b);
  const total = (end.get(Infinity) ?? 0) - (start.get(Infinity) ?? 0);
  if (total <= 0) return NaN;
  const bound = bounds.find((le) => (end.get(le) ?? 0) - (start.get(le) ?? 0) >= p * total);
  return bound === undefined || bound === Infinity ? Infinity : Math.round(bound * 1000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
