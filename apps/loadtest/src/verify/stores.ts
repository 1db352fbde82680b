/**
 * Reads each store's picture of one event, for the invariant check. The checker is an auditor:
 * it reads (only reads) the stores of every app directly (Kafka topics, booking's and
 * ticketing's PostgreSQL schemas, a seat node's HTTP seat map), because comparing what each app
 * believes is the point; no app does this in its own code.
 */
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { decodeSection, type SectionState } from '@seat/domain';
import { EventSeats } from '@seat/live';
import {
  SeatAvailabilityChanged,
  decodeMessage,
  type BookingStatus,
  type SeatStatus,
} from '@shared/contracts';
import { topicNames } from '@shared/streams';
import { readTopicRange } from '../kafka/topic-range';
import type { BookingRecord } from './invariants';
import type { SeatEntry, SeatPicture, SectionTotals } from './seat-picture';
import { LoadtestErrors } from '../loadtest.errors';

/** Latest snapshot of each section of the event, from the compacted changelog. */
export async function readChangelogSections(
  kafka: Kafka,
  namespace: string,
  eventId: string,
): Promise<{ sections: Map<string, SectionState>; complete: boolean }> {
  const prefix = `${eventId}:`;
  const latest = new Map<string, Buffer | null>();
  const read = await readTopicRange(kafka, topicNames(namespace).seatChangelog, {}, (_p, m) => {
    const key = m.key?.toString('utf8') ?? '';
    // Section names never contain ':', so the section is whatever follows the event prefix.
    if (key.startsWith(prefix) && !key.slice(prefix.length).includes(':')) latest.set(key, m.value);
  });
  const sections = new Map<string, SectionState>();
  for (const [key, value] of latest)
    if (value !== null) sections.set(key.slice(prefix.length), decodeSection(value));
  return { sections, complete: read.complete };
}

/**
 * The availability stream's final picture: every delta of the event folded in order (seq per
 * section). Seats no delta ever mentioned are AVAILABLE; `layout` lists every seat of the event.
 */
export async function readAvailabilityPicture(
  kafka: Kafka,
  namespace: string,
  eventId: string,
  layout: Iterable<string>,
): Promise<{ picture: SeatPicture; gaps: string[]; complete: boolean }> {
  const seats = new Map<string, SeatEntry>();
  for (const seat of layout) seats.set(seat, { status: 'AVAILABLE' });
  const sections = new Map<string, SectionTotals>();
  const gaps: string[] = [];
  const read = await readTopicRange(kafka, topicNames(namespace).seatAvailability, {}, (_p, m) => {
    const d = decodeMessage(SeatAvailabilityChanged, m.value);
    if (!d.ok || d.value.eventId !== eventId) return;
    const delta = d.value;
    const previous = sections.get(delta.section)?.seq ?? 0;
    if (delta.seq <= previous) return; // a re-delivery: already applied
    if (delta.seq !== previous + 1)
      gaps.push(`section ${delta.section}: seq ${previous} then ${delta.seq}`);
    for (const c of delta.changes) seats.set(c.seat, { status: c.status as SeatStatus });
    sections.set(delta.section, {
      available: delta.available,
      reserved: delta.reserved,
      sold: delta.sold,
      seq: delta.seq,
    });
  });
  return {
    picture: { store: 'availability stream', seats, sections },
    gaps,
    complete: read.complete,
  };
}

/** event-ticketing's tickets in PostgreSQL: one row per seat with status and booking. */
export async function readTicketsPicture(db: Client, eventId: string): Promise<SeatPicture> {
  const { rows } = await db.query<{
    seat_id: string;
    status: SeatStatus;
    booking_id: string | null;
  }>('SELECT seat_id, status, booking_id FROM ticketing.tickets WHERE event_id = $1', [eventId]);
  const seats = new Map<string, SeatEntry>();
  for (const r of rows)
    seats.set(r.seat_id, {
      status: r.status,
      owner: r.status === 'AVAILABLE' ? null : r.booking_id,
    });
  return { store: 'tickets (PostgreSQL)', seats, sections: new Map() };
}

/** booking's bookings of the event with the seats each lists. */
export async function readBookings(db: Client, eventId: string): Promise<BookingRecord[]> {
  const { rows } = await db.query<{ id: string; status: BookingStatus; seats: (string | null)[] }>(
    `SELECT b.id, b.status, array_agg(s.seat_id) AS seats
     FROM booking.bookings b LEFT JOIN booking.booking_seats s ON s.booking_id = b.id
     WHERE b.event_id = $1 GROUP BY b.id, b.status`,
    [eventId],
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    seats: r.seats.filter((s): s is string => s !== null),
  }));
}

/** A seat node's live map (GET /api/events/:id/seats): statuses and section totals. */
export async function readSeatMapPicture(baseUrl: string, eventId: string): Promise<SeatPicture> {
  const res = await fetch(new URL(`/api/events/${encodeURIComponent(eventId)}/seats`, baseUrl));
  if (!res.ok)
    throw LoadtestErrors.systemUnexpected(
      `GET seats of ${eventId} at ${baseUrl}: HTTP ${res.status}`,
    );
  const body = EventSeats.parse(await res.json());
  const seats = new Map<string, SeatEntry>();
  const sections = new Map<string, SectionTotals>();
  for (const s of body.sections) {
    sections.set(s.section, s);
    for (const seat of s.seats) seats.set(seat.seat, { status: seat.status });
  }
  return { store: `seat map (${baseUrl})`, seats, sections };
}
