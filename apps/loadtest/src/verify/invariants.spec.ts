import { checkInvariants, type BookingRecord } from './invariants';
import type { SeatPicture } from './seat-picture';

/** A section "A" of 4 seats: A-1-1 reserved by b1, A-1-2 sold to b2, the rest available. */
function engine(): SeatPicture {
  return {
    store: 'engine',
    seats: new Map([
      ['A-1-1', { status: 'RESERVED', owner: 'b1' }],
      ['A-1-2', { status: 'SOLD', owner: 'b2' }],
      ['A-1-3', { status: 'AVAILABLE', owner: null }],
      ['A-1-4', { status: 'AVAILABLE', owner: null }],
    ]),
    sections: new Map([['A', { capacity: 4, available: 2, reserved: 1, sold: 1 }]]),
  };
}
const bookings = (): BookingRecord[] => [
  { id: 'b1', status: 'PENDING_PAYMENT', seats: ['A-1-1'] },
  { id: 'b2', status: 'PAID', seats: ['A-1-2'] },
  { id: 'b3', status: 'FAILED', seats: [] },
];
const copy = (p: SeatPicture, store: string): SeatPicture => ({
  store,
  seats: new Map([...p.seats].map(([k, v]) => [k, { ...v }])),
  sections: new Map([...p.sections].map(([k, v]) => [k, { ...v }])),
});
const rules = (v: { rule: string }[]) => v.map((x) => x.rule);

describe('checkInvariants', () => {
  it('finds nothing when every store agrees and bookings match their seats', () => {
    const ref = engine();
    expect(
      checkInvariants({
        reference: ref,
        others: [copy(ref, 'tickets')],
        bookings: bookings(),
        capacity: 4,
      }),
    ).toEqual([]);
  });

  it('reports a seat listed under two live bookings', () => {
    const list = [
      ...bookings(),
      { id: 'b9', status: 'PENDING_PAYMENT' as const, seats: ['A-1-1'] },
    ];
    const v = checkInvariants({ reference: engine(), others: [], bookings: list });
    expect(rules(v)).toContain('SEAT_OWNED_TWICE');
    expect(v.find((x) => x.rule === 'SEAT_OWNED_TWICE')!.message).toBe(
      'A-1-1: held by bookings b1 and b9',
    );
  });

  it('reports a store that names another owner than the engine', () => {
    const tickets = copy(engine(), 'tickets');
    tickets.seats.set('A-1-2', { status: 'SOLD', owner: 'b7' });
    expect(rules(checkInvariants({ reference: engine(), others: [tickets] }))).toEqual([
      'SEAT_OWNED_TWICE',
    ]);
  });

  it('reports a status that differs between stores', () => {
    const tickets = copy(engine(), 'tickets');
    tickets.seats.set('A-1-1', { status: 'SOLD', owner: 'b1' });
    tickets.sections.clear(); // the tickets store has no section totals of its own
    const v = checkInvariants({ reference: engine(), others: [tickets] });
    expect(v).toEqual([
      { rule: 'STORES_DISAGREE', message: 'A-1-1: RESERVED in engine, SOLD in tickets' },
    ]);
  });

  it('reports bookings whose status does not match their seats', () => {
    const list = bookings();
    list[1] = { id: 'b2', status: 'PENDING_PAYMENT', seats: ['A-1-2'] }; // seat is SOLD
    list[2] = { id: 'b1x', status: 'EXPIRED', seats: [] };
    const ref = engine();
    ref.seats.set('A-1-3', { status: 'RESERVED', owner: 'b1x' });
    ref.sections.set('A', { capacity: 4, available: 1, reserved: 2, sold: 1 });
    const v = checkInvariants({ reference: ref, others: [], bookings: list });
    expect(rules(v).sort()).toEqual([
      'BOOKING_SEATS_MISMATCH',
      'BOOKING_SEATS_MISMATCH',
      'SEAT_WITHOUT_BOOKING',
    ]);
  });

  it('reports every RESERVED seat whose booking is not waiting for payment with it', () => {
    const ref = engine();
    ref.seats.set('A-1-3', { status: 'RESERVED', owner: 'b2' }); // b2 is PAID, lists A-1-2 only
    ref.seats.set('A-1-4', { status: 'RESERVED', owner: 'b4' }); // b4 still waits for its result
    ref.sections.set('A', { capacity: 4, available: 0, reserved: 3, sold: 1 });
    const list = [...bookings(), { id: 'b4', status: 'PROCESSING' as const, seats: [] }];
    expect(checkInvariants({ reference: ref, others: [], bookings: list })).toEqual([
      {
        rule: 'BOOKING_SEATS_MISMATCH',
        message: 'A-1-3 is RESERVED for b2 in engine, which is PAID and does not list it',
      },
      {
        rule: 'SEAT_WITHOUT_BOOKING',
        message: 'A-1-4 is RESERVED for b4 in engine, which is PROCESSING',
      },
    ]);
  });

  it('reports every booking waiting for payment whose seats are not RESERVED to it', () => {
    const list = bookings();
    list[0] = { id: 'b1', status: 'PENDING_PAYMENT', seats: [] }; // the engine holds A-1-1 for it
    list.push({ id: 'b5', status: 'PENDING_PAYMENT', seats: ['A-1-3'] }); // AVAILABLE
    expect(checkInvariants({ reference: engine(), others: [], bookings: list })).toEqual([
      {
        rule: 'BOOKING_SEATS_MISMATCH',
        message: 'booking b1 is PENDING_PAYMENT but lists no seats',
      },
      {
        rule: 'BOOKING_SEATS_MISMATCH',
        message: 'booking b5 is PENDING_PAYMENT but A-1-3 is AVAILABLE in engine',
      },
      {
        rule: 'BOOKING_SEATS_MISMATCH',
        message:
          'A-1-1 is RESERVED for b1 in engine, which is PENDING_PAYMENT and does not list it',
      },
    ]);
  });

  it('reports counts that do not add up to capacity or to the seats', () => {
    const ref = engine();
    ref.sections.set('A', { capacity: 5, available: 2, reserved: 1, sold: 1 });
    const avail = copy(engine(), 'availability');
    avail.sections.set('A', { available: 3, reserved: 0, sold: 1 });
    const v = checkInvariants({ reference: ref, others: [avail], capacity: 4 });
    expect(rules(v)).toEqual(['COUNTS_DO_NOT_ADD_UP', 'COUNTS_DO_NOT_ADD_UP', 'STORES_DISAGREE']);
  });

  it('reports a store with no data for the event rather than passing', () => {
    const empty: SeatPicture = { store: 'tickets', seats: new Map(), sections: new Map() };
    expect(rules(checkInvariants({ reference: engine(), others: [empty] }))).toEqual([
      'STORE_MISSING_DATA',
    ]);
  });
});
