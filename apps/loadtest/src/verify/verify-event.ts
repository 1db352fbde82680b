/**
 * Verifies one event across the stores chosen: reads each, then checks the invariants with
 * the engine's changelog state as the reference. Retries within `waitMs` while violations
 * remain, since the apps' consumers converge a moment after the engine (at-least-once, async).
 */
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { sleep } from '@shared/util';
import { checkInvariants, type BookingRecord, type Violation } from './invariants';
import { pictureFromSections, type SeatPicture } from './seat-picture';
import {
  readAvailabilityPicture,
  readBookings,
  readChangelogSections,
  readSeatMapPicture,
  readTicketsPicture,
} from './stores';
import { LoadtestErrors } from '../loadtest.errors';

export const STORES = ['changelog', 'availability', 'seatmap', 'tickets', 'bookings'] as const;
export type StoreName = (typeof STORES)[number];

export interface VerifyOptions {
  kafka: Kafka;
  namespace: string;
  eventId: string;
  stores: StoreName[];
  databaseUrl?: string;
  seatUrl?: string;
  waitMs: number;
}

export interface VerifyOutcome {
  eventId: string;
  stores: string[];
  seats: number;
  bookings: number;
  violations: Violation[];
  /** What the checker could not fully read (an incomplete topic read), for the report. */
  notes: string[];
}

export async function verifyEvent(opts: VerifyOptions): Promise<VerifyOutcome> {
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const outcome = await verifyOnce(opts);
    if (outcome.violations.length === 0 || Date.now() >= deadline) return outcome;
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
  }
}

async function verifyOnce(opts: VerifyOptions): Promise<VerifyOutcome> {
  const notes: string[] = [];
  const { sections, complete } = await readChangelogSections(
    opts.kafka,
    opts.namespace,
    opts.eventId,
  );
  if (!complete) notes.push('changelog read incomplete (idle timeout)');
  const reference = pictureFromSections('seat state (changelog)', sections);
  const others: SeatPicture[] = [];
  let bookings: BookingRecord[] | undefined;
  const names: string[] = [reference.store];
  if (opts.stores.includes('availability')) {
    const a = await readAvailabilityPicture(
      opts.kafka,
      opts.namespace,
      opts.eventId,
      reference.seats.keys(),
    );
    if (!a.complete) notes.push('availability read incomplete (idle timeout)');
    if (a.gaps.length > 0)
      notes.push(`availability stream has seq gaps: ${a.gaps.slice(0, 5).join('; ')}`);
    others.push(a.picture);
    names.push(a.picture.store);
  }
  if (opts.stores.includes('seatmap')) {
    if (!opts.seatUrl) throw LoadtestErrors.usage('the seatmap store needs --seat-url');
    const p = await readSeatMapPicture(opts.seatUrl, opts.eventId);
    others.push(p);
    names.push(p.store);
  }
  if (opts.stores.includes('tickets') || opts.stores.includes('bookings')) {
    if (!opts.databaseUrl) throw LoadtestErrors.usage('tickets and bookings need a database URL');
    const db = new Client({ connectionString: opts.databaseUrl });
    await db.connect();
    try {
      if (opts.stores.includes('tickets')) {
        const p = await readTicketsPicture(db, opts.eventId);
        others.push(p);
        names.push(p.store);
      }
      if (opts.stores.includes('bookings')) {
        bookings = await readBookings(db, opts.eventId);
        names.push('bookings (PostgreSQL)');
      }
    } finally {
      await db.end();
    }
  }
  const violations = checkInvariants({ reference, others, ...(bookings ? { bookings } : {}) });
  return {
    eventId: opts.eventId,
    stores: names,
    seats: reference.seats.size,
    bookings: bookings?.length ?? 0,
    violations,
    notes,
  };
}
