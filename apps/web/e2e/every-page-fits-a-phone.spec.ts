import type { Browser, Page } from 'playwright-core';
import type { BookingAccepted, EventView } from '@shared/contracts';
import { waitFor } from '@shared/util';
import { account, rows, waitUntilOnSale } from './support/api';
import { launchBrowser, openPage, screenshot, type TestPage } from './support/browser';
import { startPlatform, type Platform } from './support/platform';

/** A phone's screen: the width the UI must fit without scrolling sideways. */
const PHONE = { width: 390, height: 844 };

/**
 * How far the page scrolls sideways (0 when it fits), and the outermost elements that stick
 * out past the screen's right edge, to name the culprit when it does not.
 */
async function sidewaysOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const out = Array.from(document.querySelectorAll('body *')).filter(
      (el) => el.getBoundingClientRect().right > width + 0.5,
    );
    // Only the outermost ones: their children stick out because they do.
    const outermost = out.filter((el) => !out.some((o) => o !== el && o.contains(el)));
    return {
      overflow: root.scrollWidth - width,
      culprits: outermost.slice(0, 5).map((el) => {
        const r = el.getBoundingClientRect();
        return `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${Math.round(r.width)} px wide, right edge ${Math.round(r.right)}`;
      }),
    };
  });
}

/** Every page of the UI, as the user it is for, on a 390 px wide phone: none scrolls sideways. */
describe('web UI on a phone', () => {
  let platform: Platform;
  let browser: Browser;
  const pages: TestPage[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await platform?.stop();
  });

  const phone = async () => {
    const p = await openPage(browser, platform.baseUrl, PHONE);
    pages.push(p);
    return p;
  };

  /** Opens `path`, waits for what shows the page is drawn, and checks it fits the screen. */
  const fits = async (page: Page, name: string, path: string, ready: string) => {
    // A fresh load each time: a hash the page already shows would not read its data again.
    await page.goto('about:blank');
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    let last = { overflow: 0, culprits: [] as string[] };
    try {
      // Layout settles after the data arrives (the seat map measures its width): a short bound.
      await waitFor(
        `${path} to fit`,
        async () => (last = await sidewaysOverflow(page)).overflow <= 0,
        { timeoutMs: 3000, intervalMs: 100 },
      );
    } catch {
      await screenshot(page, `phone-${name}`);
      throw new Error(
        `${path} is ${last.overflow} px wider than a ${PHONE.width} px screen; sticking out: ${last.culprits.join('; ')}`,
      );
    }
    await screenshot(page, `phone-${name}`);
  };

  const signUp = async (page: Page, role: 'buyer' | 'seller', email: string) => {
    await page.goto('/#/register');
    await page.getByLabel('Name').fill(`Phone ${role} with a rather long name`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (at least 8 characters)').fill('correct-horse-battery');
    await page.getByLabel(role === 'buyer' ? 'buy tickets' : 'sell tickets for my events').check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page
      .getByTestId('who')
      .filter({ hasText: `(${role})` })
      .waitFor();
  };

  it('fits every page into 390 px without scrolling sideways', async () => {
    const ns = platform.ns;
    const anonymous = (await phone()).page;
    await fits(anonymous, 'login', '/#/login', 'form');
    await fits(anonymous, 'register', '/#/register', 'form');
    await fits(anonymous, 'not-found', '/#/nowhere', 'main h1');

    // The seller lays out a wide event (rows of 40 seats) in their own session.
    const seller = await phone();
    await signUp(seller.page, 'seller', `phone-seller-${ns}@example.com`);
    const layout = {
      name: 'Phone Night at the Very Long Venue Name',
      venue: 'Harbour Lights Arena',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      sections: [
        { name: 'Floor', price: 4000, rows: rows(6, 40) },
        { name: 'Balcony', price: 2500, rows: rows(3, 24) },
      ],
    };
    const create = async () =>
      (await (
        await seller.context.request.post('/api/events', { data: layout })
      ).json()) as EventView;
    const draft = await create();
    const published = await create();
    expect(
      (await seller.context.request.post(`/api/events/${published.id}/publish`)).status(),
    ).toBe(200);
    const probe = await account(platform.baseUrl, 'buyer', `phone-probe-${ns}@example.com`);
    await waitUntilOnSale(platform.baseUrl, published.id, probe);

    await fits(anonymous, 'events', '/#/events', '.event-list .card');
    await fits(
      anonymous,
      'event-anonymous',
      `/#/events/${published.id}`,
      '[data-testid="seat-canvas"]',
    );

    const buyer = await phone();
    await signUp(buyer.page, 'buyer', `phone-buyer-with-a-long-address-${ns}@example.com`);
    await fits(buyer.page, 'event', `/#/events/${published.id}`, '[data-testid="seat-canvas"]');
    const booked = await buyer.context.request.post('/api/bookings', {
      data: { eventId: published.id, mode: 'best-available', section: 'Floor', quantity: 4 },
      headers: { 'idempotency-key': `phone-${ns}-1` },
    });
    const booking = (await booked.json()) as BookingAccepted;
    await fits(
      buyer.page,
      'booking',
      `/#/bookings/${booking.id}`,
      '[data-testid="booking"][data-status="PENDING_PAYMENT"]',
    );
    await fits(buyer.page, 'history', '/#/history', '[data-testid="history-booking"]');

    await fits(seller.page, 'seller-events', '/#/sell', '.event-list .card');
    await fits(seller.page, 'editor-new', '/#/sell/new', 'form');
    await fits(seller.page, 'editor-draft', `/#/sell/${draft.id}/edit`, 'form');
    await fits(
      seller.page,
      'dashboard-draft',
      `/#/sell/${draft.id}`,
      '[data-testid="draft-capacity"]',
    );
    await fits(
      seller.page,
      'dashboard',
      `/#/sell/${published.id}`,
      '[data-testid="analytics-state"][data-state="open"]',
    );
    // The order reaches the seller's list through booking.events.
    await waitFor(
      'the order in the seller list',
      async () =>
        (
          (await (
            await seller.context.request.get(`/api/events/${published.id}/orders`)
          ).json()) as {
            total: number;
          }
        ).total > 0,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await fits(
      seller.page,
      'orders',
      `/#/sell/${published.id}/orders`,
      '[data-testid="orders"] .card',
    );
    expect(pages.flatMap((p) => p.errors)).toEqual([]);
  });
});
