/**
 * The client loop of the side-by-side benchmark, identical for every design: `concurrency`
 * buyers (a closed model: each sends its next request when the previous one is decided) work
 * through the same request stream in order; then a sweep offers what is left of each section
 * (best-available of up to 4 seats) until the design reports it sold out. Latency is request
 * sent to decision received, on the same client, for every design.
 */
import { LatencyRecorder, type LatencySummary } from '../metrics/latency-recorder';
import type { SeatDesign } from '../baselines/seat-design';
import { capacityOf, type BookingRequest, type OnSalePlan } from '../workload/onsale';

export interface OnSaleResult {
  design: string;
  description: string;
  requests: number;
  bookings: number;
  seatsSold: number;
  capacity: number;
  soldOut: boolean;
  selloutMs: number;
  bookingsPerSec: number;
  requestsPerSec: number;
  latency: LatencySummary;
  rejections: Record<string, number>;
  /** Seats granted to two different bookings, from the grants the design answered. */
  seatsOwnedTwice: number;
  /** Seats the design's own store holds at the end (should equal seatsSold). */
  storeHeld: number;
  interrupted: boolean;
  recorder: LatencyRecorder;
}

export async function runOnSale(
  design: SeatDesign,
  plan: OnSalePlan,
  requests: readonly BookingRequest[],
  opts: {
    concurrency: number;
    /** Give up after this long (ms): a design that cannot sell out is reported as such. */
    deadlineMs: number;
    shouldStop: () => boolean;
    onProgress?: (seatsSold: number) => void;
  },
): Promise<OnSaleResult> {
  const capacity = capacityOf(plan);
  const left = new Map(plan.sections.map((s) => [s.name, s.rows * s.seatsPerRow]));
  const owner = new Map<string, string>();
  const rejections: Record<string, number> = {};
  let seatsOwnedTwice = 0;
  let seatsSold = 0;
  let bookings = 0;
  let sent = 0;
  let lastGrantAt = 0;
  const recorder = new LatencyRecorder();
  const started = recorder.startedAt;
  const expired = () => opts.shouldStop() || performance.now() - started > opts.deadlineMs;

  const one = async (request: BookingRequest) => {
    const bookingId = `${request.id}-${sent++}`;
    const t0 = performance.now();
    let outcome;
    try {
      outcome = await design.reserve(bookingId, request);
    } catch (err) {
      outcome = { ok: false as const, reason: `ERROR ${(err as Error).message.slice(0, 60)}` };
    }
    const now = performance.now();
    recorder.record(now - t0, outcome.ok, now);
    if (!outcome.ok) {
      rejections[outcome.reason] = (rejections[outcome.reason] ?? 0) + 1;
      return;
    }
    bookings++;
    lastGrantAt = now;
    for (const seat of outcome.seats) {
      const previous = owner.get(seat);
      if (previous !== undefined && previous !== bookingId) seatsOwnedTwice++;
      else seatsSold++;
      owner.set(seat, bookingId);
    }
    const section = request.section;
    left.set(section, (left.get(section) ?? 0) - outcome.seats.length);
    opts.onProgress?.(seatsSold);
  };

  const drain = async (stream: readonly BookingRequest[]) => {
    let next = 0;
    const worker = async () => {
      while (next < stream.length && !expired()) await one(stream[next++]!);
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  };

  await drain(requests);
  // The sweep: what a design left unsold (its best-available chose differently from the
  // simulation that generated the stream, so some manual picks lost) is offered again.
  for (let round = 0; round < 100 && seatsSold < capacity && !expired(); round++) {
    const before = seatsSold;
    const sweep: BookingRequest[] = [];
    for (const [section, n] of left) {
      for (let k = 0; k < Math.ceil(n / 4); k++)
        sweep.push({
          id: `sweep${round}-${section}-${k}`,
          section,
          mode: 'best-available',
          quantity: Math.min(4, n - 4 * k),
        });
    }
    await drain(sweep);
    if (seatsSold === before) break;
  }
  const selloutMs = (lastGrantAt || performance.now()) - started;
  const held = await design.heldPerSection();
  return {
    design: design.name,
    description: design.description,
    requests: recorder.count,
    bookings,
    seatsSold,
    capacity,
    soldOut: seatsSold >= capacity,
    selloutMs: Math.round(selloutMs),
    bookingsPerSec: Math.round(bookings / (selloutMs / 1000)),
    requestsPerSec: Math.round(recorder.count / (selloutMs / 1000)),
    latency: recorder.summary(),
    rejections,
    seatsOwnedTwice,
    storeHeld: [...held.values()].reduce((a, b) => a + b, 0),
    interrupted: opts.shouldStop(),
    recorder,
  };
}
