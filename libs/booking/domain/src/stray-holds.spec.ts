import type { BookingStatus } from '@shared/contracts';
import { holdVerdict, sameSeats, type HeldBooking } from './index';

const hold = { eventId: 'e1', section: 'A', seats: ['A-1-1', 'A-1-2'] };
const booking = (status: BookingStatus, seats: string[] = []): HeldBooking => ({
  status,
  eventId: 'e1',
  section: 'A',
  seats,
});

describe('a hold the seat side reports for a booking', () => {
  it('is released when the booking ended without seats, with the way it ended', () => {
    expect(holdVerdict(booking('FAILED'), hold)).toEqual({ kind: 'release', reason: 'FAILED' });
    expect(holdVerdict(booking('EXPIRED', hold.seats), hold)).toEqual({
      kind: 'release',
      reason: 'EXPIRED',
    });
    expect(holdVerdict(booking('CANCELLED', hold.seats), hold)).toEqual({
      kind: 'release',
      reason: 'CANCELLED',
    });
  });

  it('is released when booking has no such booking, or not in that section', () => {
    expect(holdVerdict(undefined, hold)).toEqual({ kind: 'release', reason: 'FAILED' });
    const elsewhere = { ...booking('PENDING_PAYMENT', hold.seats), section: 'B' };
    expect(holdVerdict(elsewhere, hold)).toEqual({ kind: 'release', reason: 'FAILED' });
  });

  it('is kept when a live booking holds exactly those seats (a replayed result)', () => {
    const reversed = [...hold.seats].reverse();
    expect(holdVerdict(booking('PENDING_PAYMENT', reversed), hold)).toEqual({ kind: 'keep' });
    expect(holdVerdict(booking('PAID', hold.seats), hold)).toEqual({ kind: 'keep' });
  });

  it('is kept while the booking still waits for its own result', () => {
    expect(holdVerdict(booking('PROCESSING'), hold)).toEqual({ kind: 'keep' });
  });

  it('is a conflict, never a release, when a live booking holds other seats', () => {
    expect(holdVerdict(booking('PENDING_PAYMENT', ['A-1-3']), hold)).toEqual({
      kind: 'conflict',
    });
    expect(holdVerdict(booking('PAID', ['A-1-1']), hold)).toEqual({ kind: 'conflict' });
  });
});

describe('sameSeats', () => {
  it('compares seat lists as sets of the same size', () => {
    expect(sameSeats(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameSeats(['a', 'b'], ['a'])).toBe(false);
    expect(sameSeats(['a', 'b'], ['a', 'c'])).toBe(false);
  });
});
