import type { EventAnalytics } from '@shared/contracts';
import { createLogger } from '@shared/util';
import { createSalesFeed } from './sales-feed';

const figures = (sold: number): EventAnalytics => ({
  eventId: 'evt_1',
  totals: { capacity: 10, available: 10 - sold, reserved: 0, sold, revenueCents: sold * 100 },
  sections: [],
  salesPerMinute: [],
  holds: { converted: 0, expired: 0 },
  at: new Date().toISOString(),
});

describe('sales feed', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pushes at most one update per second per event, however many changes arrive', async () => {
    let sold = 0;
    const compute = jest.fn(async () => figures(sold));
    const feed = createSalesFeed({ compute, logger: createLogger('t', 'silent') });
    const seen: number[] = [];
    feed.subscribe('evt_1', (a) => seen.push(a.totals.sold));
    for (let i = 0; i < 50; i++) {
      sold += 1;
      feed.changed(['evt_1']);
      await jest.advanceTimersByTimeAsync(20);
    }
    // 50 changes over 1 s: the first runs at once, then one per second.
    await jest.advanceTimersByTimeAsync(1000);
    expect(compute.mock.calls.length).toBeLessThanOrEqual(3);
    expect(seen.at(-1)).toBe(50);
    feed.close();
  });

  it('computes nothing for events nobody watches, and stops after unsubscribe', async () => {
    const compute = jest.fn(async () => figures(1));
    const feed = createSalesFeed({ compute, logger: createLogger('t', 'silent') });
    feed.changed(['evt_1']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(compute).not.toHaveBeenCalled();
    const off = feed.subscribe('evt_1', () => undefined);
    off();
    feed.changed(['evt_1']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(compute).not.toHaveBeenCalled();
  });
});
