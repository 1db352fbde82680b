/**
 * The invariants of a sale, checked across every store after a run. Pure: the stores are read
 * elsewhere (verify/stores.ts) into SeatPictures and booking records; this decides.
 *
 * 1. No seat is owned by two bookings (the booking store lists it under two live bookings, or
 *    a store names another owner than the engine).
 * 2. Every booking's status matches its seats' states, both ways. A PENDING_PAYMENT booking lists
 *    seats, each RESERVED to it in the engine; a PAID one lists seats, each SOLD to it;
 *    FAILED/EXPIRED/CANCELLED hold none. Every seat the engine has RESERVED belongs to a
 *    PENDING_PAYMENT booking that lists it, every SOLD seat to a PAID booking that lists it:
 *    a seat held for a booking that ended, or for one that does not know it holds the seat,
 *    would never go back on sale (issue 18).
 * 3. The stores agree seat by seat with the engine's state (the reference).
 * 4. Counts add up: available + reserved + sold = capacity per section, equal to the seats counted.
 */
import type { BookingStatus } from '@shared/contracts';
import type { SeatPicture } from './seat-picture';

export type ViolationRule =
  | 'SEAT_OWNED_TWICE'
  | 'BOOKING_SEATS_MISMATCH'
  | 'SEAT_WITHOUT_BOOKING'
  | 'STORES_DISAGREE'
  | 'COUNTS_DO_NOT_ADD_UP'
  | 'STORE_MISSING_DATA';

export interface Violation {
  rule: ViolationRule;
  message: string;
}

export interface BookingRecord {
  id: string;
  status: BookingStatus;
  seats: string[];
}

const LIVE: Partial<Record<BookingStatus, 'RESERVED' | 'SOLD'>> = {
  PENDING_PAYMENT: 'RESERVED',
  PAID: 'SOLD',
};
const DEAD: BookingStatus[] = ['FAILED', 'EXPIRED', 'CANCELLED'];

/** Violations listed per rule are capped, so a wholesale failure stays readable. */
const MAX_PER_RULE = 50;

export function checkInvariants(input: {
  reference: SeatPicture;
  others: SeatPicture[];
  bookings?: BookingRecord[];
  /** Seats of the event as published; when given, the reference must have exactly this many. */
  capacity?: number;
}): Violation[] {
  const out: Violation[] = [];
  const perRule = new Map<ViolationRule, number>();
  const add = (rule: ViolationRule, message: string) => {
    const n = (perRule.get(rule) ?? 0) + 1;
    perRule.set(rule, n);
    if (n <= MAX_PER_RULE) out.push({ rule, message });
    else if (n === MAX_PER_RULE + 1) out.push({ rule, message: `... more ${rule} violations` });
  };
  const ref = input.reference;

  if (ref.seats.size === 0) add('STORE_MISSING_DATA', `${ref.store}: no seats for the event`);
  if (input.capacity !== undefined && ref.seats.size !== input.capacity)
    add(
      'COUNTS_DO_NOT_ADD_UP',
      `${ref.store}: ${ref.seats.size} seats, the event has ${input.capacity}`,
    );
  for (const picture of [ref, ...input.others]) checkCounts(picture, add);

  for (const other of input.others) {
    if (other.seats.size === 0) {
      add('STORE_MISSING_DATA', `${other.store}: no seats for the event`);
      continue;
    }
    for (const [seat, mine] of ref.seats) {
      const theirs = other.seats.get(seat);
      if (!theirs) add('STORES_DISAGREE', `${seat}: in ${ref.store}, missing from ${other.store}`);
      else if (theirs.status !== mine.status)
        add(
          'STORES_DISAGREE',
          `${seat}: ${mine.status} in ${ref.store}, ${theirs.status} in ${other.store}`,
        );
      else if (
        theirs.owner !== undefined &&
        mine.owner !== undefined &&
        (theirs.owner ?? null) !== (mine.owner ?? null)
      )
        add(
          'SEAT_OWNED_TWICE',
          `${seat}: owned by ${mine.owner ?? 'nobody'} in ${ref.store}, by ${theirs.owner ?? 'nobody'} in ${other.store}`,
        );
    }
    for (const seat of other.seats.keys())
      if (!ref.seats.has(seat))
        add('STORES_DISAGREE', `${seat}: in ${other.store}, unknown to ${ref.store}`);
    for (const [section, totals] of other.sections) {
      const mine = ref.sections.get(section);
      if (!mine) continue;
      if (
        totals.available !== mine.available ||
        totals.reserved !== mine.reserved ||
        totals.sold !== mine.sold
      )
        add(
          'STORES_DISAGREE',
          `section ${section}: ${fmt(mine)} in ${ref.store}, ${fmt(totals)} in ${other.store}`,
        );
    }
  }

  if (input.bookings) checkBookings(ref, input.bookings, add);
  return out;
}

const fmt = (t: { available: number; reserved: number; sold: number }) =>
  `available ${t.available}/reserved ${t.reserved}/sold ${t.sold}`;

function checkCounts(picture: SeatPicture, add: (rule: ViolationRule, message: string) => void) {
  const counted = new Map<string, { available: number; reserved: number; sold: number }>();
  for (const [seat, entry] of picture.seats) {
    const section = seat.slice(0, seat.indexOf('-'));
    const c = counted.get(section) ?? { available: 0, reserved: 0, sold: 0 };
    if (entry.status === 'AVAILABLE') c.available++;
    else if (entry.status === 'RESERVED') c.reserved++;
    else c.sold++;
    counted.set(section, c);
  }
  for (const [section, totals] of picture.sections) {
    const sum = totals.available + totals.reserved + totals.sold;
    if (totals.capacity !== undefined && sum !== totals.capacity)
      add(
        'COUNTS_DO_NOT_ADD_UP',
        `${picture.store}, section ${section}: ${fmt(totals)} = ${sum}, capacity ${totals.capacity}`,
      );
    const c = counted.get(section);
    if (
      c &&
      (c.available !== totals.available || c.reserved !== totals.reserved || c.sold !== totals.sold)
    )
      add(
        'COUNTS_DO_NOT_ADD_UP',
        `${picture.store}, section ${section}: totals say ${fmt(totals)}, its seats count ${fmt(c)}`,
      );
  }
}

function checkBookings(
  ref: SeatPicture,
  bookings: BookingRecord[],
  add: (rule: ViolationRule, message: string) => void,
) {
  const holders = new Map<string, string[]>();
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const ownedBy = new Map<string, string[]>();
  for (const [seat, entry] of ref.seats)
    if (entry.owner) ownedBy.set(entry.owner, [...(ownedBy.get(entry.owner) ?? []), seat]);
  for (const b of bookings) {
    const wanted = LIVE[b.status];
    if (wanted) {
      if (b.seats.length === 0)
        add('BOOKING_SEATS_MISMATCH', `booking ${b.id} is ${b.status} but lists no seats`);
      for (const seat of b.seats) {
        holders.set(seat, [...(holders.get(seat) ?? []), b.id]);
        const entry = ref.seats.get(seat);
        if (!entry)
          add(
            'BOOKING_SEATS_MISMATCH',
            `booking ${b.id} (${b.status}) lists ${seat}, unknown to ${ref.store}`,
          );
        else if (entry.status !== wanted || (entry.owner !== undefined && entry.owner !== b.id))
          add(
            'BOOKING_SEATS_MISMATCH',
            `booking ${b.id} is ${b.status} but ${seat} is ${entry.status}${entry.owner ? ` (owner ${entry.owner})` : ''} in ${ref.store}`,
          );
      }
    } else if (DEAD.includes(b.status)) {
      for (const seat of ownedBy.get(b.id) ?? [])
        add(
          'BOOKING_SEATS_MISMATCH',
          `booking ${b.id} is ${b.status} but still holds ${seat} (${ref.seats.get(seat)!.status}) in ${ref.store}`,
        );
    }
  }
  for (const [seat, ids] of holders)
    if (ids.length > 1) add('SEAT_OWNED_TWICE', `${seat}: held by bookings ${ids.join(' and ')}`);
  // The engine's side: a held seat's booking must be live and list it. A seat it lists was
  // checked above (its state against the booking's status), so only unlisted ones remain.
  for (const [seat, entry] of ref.seats) {
    if (entry.status === 'AVAILABLE' || !entry.owner) continue;
    const b = byId.get(entry.owner);
    if (!b || !LIVE[b.status])
      add(
        'SEAT_WITHOUT_BOOKING',
        `${seat} is ${entry.status} for ${entry.owner} in ${ref.store}, which is ${b ? b.status : 'not a booking'}`,
      );
    else if (!b.seats.includes(seat))
      add(
        'BOOKING_SEATS_MISMATCH',
        `${seat} is ${entry.status} for ${b.id} in ${ref.store}, which is ${b.status} and does not list it`,
      );
  }
}
