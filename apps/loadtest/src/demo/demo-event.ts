/**
 * The demo event `npm start` seeds so a first-time visitor has something to browse and book:
 * a concert a few weeks ahead in four sections of different sizes and prices, one of them with
 * rows that widen towards the back. Pure data; seed-demo.ts sends it.
 */
import type { CreateEventBody, SectionInput } from '@shared/contracts';

export const DEMO_EVENT_NAME = 'Demo Night';
export const DEMO_VENUE = 'Harbour Lights Arena';
/** How far ahead of the seeding the show starts (days); always at 19:30 UTC. */
export const DEMO_DAYS_AHEAD = 28;

/** Row labels A, B, C, ... (at most 26 rows per lettered section). */
const lettered = (rows: number, seats: number) =>
  Array.from({ length: rows }, (_, i) => ({ label: String.fromCharCode(65 + i), seats }));

/** Prices in cents. Floor, Lower_Bowl and Upper_Bowl are rectangles; Balcony widens by 2 a row. */
export const DEMO_SECTIONS: readonly SectionInput[] = [
  { name: 'Floor', price: 14_900, rows: lettered(15, 40) },
  {
    name: 'Lower_Bowl',
    price: 8_900,
    rows: Array.from({ length: 20 }, (_, i) => ({ label: String(i + 1), seats: 50 })),
  },
  {
    name: 'Upper_Bowl',
    price: 4_900,
    rows: Array.from({ length: 25 }, (_, i) => ({ label: String(i + 1), seats: 60 })),
  },
  {
    name: 'Balcony',
    price: 2_900,
    rows: Array.from({ length: 12 }, (_, i) => ({ label: String(i + 1), seats: 20 + 2 * i })),
  },
];

/** Seats of a layout (the sum over its rows). */
export function seatTotal(sections: readonly Pick<SectionInput, 'rows'>[]): number {
  return sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats, 0), 0);
}

/** The demo event as POST /api/events takes it, starting DEMO_DAYS_AHEAD days after `now`. */
export function demoEventBody(now: Date): CreateEventBody {
  const startsAt = new Date(now.getTime() + DEMO_DAYS_AHEAD * 86_400_000);
  startsAt.setUTCHours(19, 30, 0, 0);
  return {
    name: DEMO_EVENT_NAME,
    venue: DEMO_VENUE,
    startsAt: startsAt.toISOString(),
    sections: DEMO_SECTIONS.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })),
  };
}
