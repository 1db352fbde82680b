import type { BookingStatusChanged } from '@shared/contracts';
import { latestPerOrder, orderChangeOf, supersedesOrder } from './orders';

const change = (
  status: BookingStatusChanged['status'],
  at: string,
  extra: Partial<BookingStatusChanged> = {},
): BookingStatusChanged => ({
  type: 'BookingStatusChanged',
  v: 1,
  bookingId: 'bk_1',
  eventId: 'evt_1',
  section: 'A',
  status,
  previous: 'PROCESSING',
  seats: ['A-1-1', 'A-1-2'],
  totalCents: 2000,
  at,
  ...extra,
});

describe('order list projection of booking.events', () => {
  it('reads the buyer, booking time and hold end, and falls back for records without them', () => {
    const full = orderChangeOf(
      change('PENDING_PAYMENT', '2027-01-01T10:00:01.000Z', {
        buyerId: 'usr_1',
        createdAt: '2027-01-01T10:00:00.000Z',
        expiresAt: '2027-01-01T10:15:01.000Z',
      }),
    );
    expect(full).toMatchObject({
      buyerId: 'usr_1',
      bookedAt: new Date('2027-01-01T10:00:00.000Z'),
      expiresAt: new Date('2027-01-01T10:15:01.000Z'),
    });
    const old = orderChangeOf(change('PAID', '2027-01-01T10:01:00.000Z'));
    expect(old).toMatchObject({ buyerId: null, bookedAt: old.at, expiresAt: null });
  });

  it('moves forward only: an end beats a hold whatever the times, a first end stays', () => {
    const at = (s: string) => new Date(s);
    const hold = { status: 'PENDING_PAYMENT' as const, at: at('2027-01-01T10:00:00Z') };
    const paid = { status: 'PAID' as const, at: at('2027-01-01T09:00:00Z') };
    expect(supersedesOrder(hold, paid)).toBe(true);
    expect(supersedesOrder(paid, hold)).toBe(false);
    expect(supersedesOrder(paid, { status: 'EXPIRED', at: at('2027-01-01T11:00:00Z') })).toBe(
      false,
    );
    expect(supersedesOrder(hold, { ...hold })).toBe(false);
  });

  it('keeps the newest change per booking in a batch, with the seats an end may not repeat', () => {
    const out = latestPerOrder([
      orderChangeOf(change('PENDING_PAYMENT', '2027-01-01T10:00:01.000Z', { buyerId: 'usr_1' })),
      orderChangeOf(change('CANCELLED', '2027-01-01T10:02:00.000Z', { seats: [], totalCents: 0 })),
      orderChangeOf(change('PENDING_PAYMENT', '2027-01-01T10:00:01.000Z')),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      status: 'CANCELLED',
      seats: ['A-1-1', 'A-1-2'],
      totalCents: 2000,
      buyerId: 'usr_1',
    });
  });
});
