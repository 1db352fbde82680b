import type { BookingStatusChanged } from '@shared/contracts';
import { holdEndOf } from './seat-results.consumer';

const change = (status: BookingStatusChanged['status']): BookingStatusChanged => ({
  type: 'BookingStatusChanged',
  v: 1,
  bookingId: 'bk_1',
  eventId: 'evt_1',
  section: 'A',
  status,
  previous: 'PENDING_PAYMENT',
  seats: ['A-1-1'],
  totalCents: 100,
  at: '2027-01-01T00:00:00.000Z',
});

describe('hold ends for analytics', () => {
  it('counts PAID as converted and EXPIRED as expired, and nothing else', () => {
    expect(holdEndOf(change('PAID'))).toMatchObject({ outcome: 'CONVERTED', bookingId: 'bk_1' });
    expect(holdEndOf(change('EXPIRED'))).toMatchObject({ outcome: 'EXPIRED' });
    for (const s of ['PROCESSING', 'PENDING_PAYMENT', 'FAILED', 'CANCELLED'] as const)
      expect(holdEndOf(change(s))).toBeUndefined();
  });
});
