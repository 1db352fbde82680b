/**
 * What the side-by-side benchmark drives: one way of selling seats. The engine, the PostgreSQL
 * design and the Redis design each implement it, and receive the same request stream through
 * the same client loop (bench/onsale-runner.ts).
 */
import type { BookingRequest, OnSalePlan } from '../workload/onsale';

export type ReserveOutcome = { ok: true; seats: string[] } | { ok: false; reason: string };

export interface SeatDesign {
  readonly name: string;
  /** One line on how the design works, printed with its results. */
  readonly description: string;
  /** A fresh copy of the on-sale: empty seats, nothing left from another run. */
  prepare(plan: OnSalePlan): Promise<void>;
  /** Holds seats for one request; resolves once the design has decided. `bookingId` is unique. */
  reserve(bookingId: string, request: BookingRequest): Promise<ReserveOutcome>;
  /** Seats the design's own store says are held, per section: the count after the run. */
  heldPerSection(): Promise<Map<string, number>>;
  /** Drops what prepare() created and closes connections. */
  close(): Promise<void>;
}
