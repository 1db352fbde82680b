/**
 * bench:booking — buyers through booking's HTTP API with the whole pipeline running: booking
 * (HTTP, outbox relay, results consumer) against the real PostgreSQL, Redis, Kafka and one
 * seat-reservation node (child process). The gateway does not exist yet, so requests go to
 * booking's own port.
 *
 *   npm run bench:booking                      # 2,000 bookings, 200 in flight
 *   BENCH_BOOKINGS=20000 BENCH_CONCURRENCY=400 npm run bench:booking
 *
 * Reports request latency (POST to 202) and throughput from the first request until no booking
 * is PROCESSING (every one PENDING_PAYMENT or FAILED). Last line: one JSON object.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestBed, publishEvent } from '../test/support';

const N = Number(process.env['BENCH_BOOKINGS'] ?? 2000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 200);
const SECTIONS = 10;

async function main(): Promise<void> {
  const bed = await openTestBed('booking-bench');
  try {
    const runtime = await bed.startBooking({
      LOG_LEVEL: 'silent',
      BOOKING_RATE_LIMIT_PER_MIN: '100000',
      OUTBOX_POLL_MS: '5',
    });
    const base = await runtime.app.listen({ host: '127.0.0.1', port: 0 });
    const seatsPerSection = Math.ceil((N * 2) / SECTIONS / 50) * 50;
    await publishEvent(
      bed,
      'bench',
      Array.from({ length: SECTIONS }, (_, i) => ({
        name: `S${i}`,
        rows: seatsPerSection / 50,
        seatsPerRow: 50,
        priceCents: 5000,
      })),
    );
    const tokens = await Promise.all(
      Array.from({ length: Math.min(N, 2000) }, (_, i) => bed.buyerToken(`bench-${i}`)),
    );
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < N) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(`${base}/api/bookings`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[i % tokens.length]}`,
            'idempotency-key': `bench-key-${i}`,
          },
          body: JSON.stringify({
            eventId: 'bench',
            mode: 'best-available',
            section: `S${i % SECTIONS}`,
            quantity: 2,
          }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 202) failures++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const accepted = performance.now();
    let processing = N;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      processing = await bed.prisma.booking.count({ where: { status: 'PROCESSING' } });
      if (processing === 0) break;
      await sleep(20);
    }
    const decided = performance.now();
    const held = await bed.prisma.booking.count({ where: { status: 'PENDING_PAYMENT' } });
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    const report = {
      bookings: N,
      concurrency: CONCURRENCY,
      httpErrors: failures,
      acceptedPerSec: Math.round(N / ((accepted - started) / 1000)),
      bookingsPerSec: Math.round(N / ((decided - started) / 1000)),
      p50Ms: Math.round(pct(0.5) * 10) / 10,
      p99Ms: Math.round(pct(0.99) * 10) / 10,
      pendingPayment: held,
      stuckProcessing: processing,
    };
    console.log(
      `booking bench: ${N} bookings (2 seats each) over ${SECTIONS} sections, ${CONCURRENCY} in flight`,
    );
    console.log(JSON.stringify(report));
  } finally {
    await bed.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
