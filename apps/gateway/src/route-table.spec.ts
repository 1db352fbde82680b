import { upstreamOf } from './route-table';

describe('the gateway route table', () => {
  it.each([
    ['/api/auth/login', 'ticketing'],
    ['/api/auth/me', 'ticketing'],
    ['/api/events', 'ticketing'],
    ['/api/events?q=rock&page=2', 'ticketing'],
    ['/api/events/ev1', 'ticketing'],
    ['/api/events/ev1/publish', 'ticketing'],
    ['/api/events/ev1/analytics', 'ticketing'],
    ['/api/events/ev1/analytics/stream', 'ticketing'],
    ['/api/events/ev1/seats', 'seat'],
    ['/api/events/ev1/seats?section=A', 'seat'],
    ['/api/events/ev1/stream', 'seat'],
    ['/api/events/ev1/stream?section=A', 'seat'],
    ['/api/bookings', 'booking'],
    ['/api/bookings/b1/stream', 'booking'],
    ['/api/bookings/b1/pay', 'booking'],
    ['/api/payments/webhook', 'booking'],
  ])('%s goes to %s', (url, upstream) => {
    expect(upstreamOf(url)).toBe(upstream);
  });

  it.each(['/api', '/api/', '/api/nope', '/api/eventsx', '/api/bookingsx/1', '/health'])(
    '%s is unknown',
    (url) => {
      expect(upstreamOf(url)).toBeUndefined();
    },
  );
});
