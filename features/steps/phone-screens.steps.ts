import { defineFeature, loadFeature } from 'jest-cucumber';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '@shared/util';
import { startStack, type Stack } from './stack';

const feature = loadFeature(`${__dirname}/../phone-screens.feature`);
const PHONE = { width: 390, height: 844 };

/**
 * How far the page scrolls sideways (0 when it fits) and the outermost elements past the
 * screen's right edge. A string, run in the page (this project's code has no DOM types).
 */
const SIDEWAYS = `(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter(
    (el) => el.getBoundingClientRect().right > width + 0.5,
  );
  const outermost = out.filter((el) => !out.some((o) => o !== el && o.contains(el)));
  return {
    overflow: root.scrollWidth - width,
    culprits: outermost.slice(0, 3).map((el) => el.tagName + '.' + (el.getAttribute('class') || '')),
  };
})()`;

/** The phone story in Debian's chromium (playwright-core), against the apps behind the gateway. */
defineFeature(feature, (test) => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack('feat_phone', { gateway: true });
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('Every page fits a 390 px wide screen', ({ given, and, when, then }) => {
    let eventId = '';
    let bookingId = '';
    const widths: { path: string; overflow: number; culprits: string[] }[] = [];

    /** A phone logged in as `name` (its token as the session cookie). */
    const phone = async (name: string, role: 'buyer' | 'seller'): Promise<Page> => {
      const context = await browser.newContext({ baseURL: stack.gateway!, viewport: PHONE });
      const url = new URL(stack.gateway!);
      await context.addCookies([
        {
          name: 'token',
          value: await stack.account(name, role),
          domain: url.hostname,
          path: '/',
          httpOnly: true,
        },
      ]);
      // What the UI's login leaves besides the cookie: the hint that this browser has a session.
      await context.addInitScript(
        "try { localStorage.setItem('seats-session', '1') } catch { /* about:blank */ }",
      );
      return context.newPage();
    };
    const open = async (page: Page, path: string, ready: string) => {
      // A fresh load each time: a hash the page already shows would not read its data again.
      await page.goto('about:blank');
      await page.goto(path);
      await page
        .locator(ready)
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (err: Error) => {
          const shown = `${page.url()} ${await page
            .locator('body')
            .innerText()
            .catch(() => '(no body)')}`;
          throw new Error(`${path} never showed ${ready}; it shows: ${shown.slice(0, 300)}`, {
            cause: err,
          });
        });
      let last = { overflow: 0, culprits: [] as string[] };
      // Layout settles once the data arrived (the seat map measures its frame): a short bound.
      await waitFor(
        `${path} to fit`,
        async () => (last = await page.evaluate<typeof last>(SIDEWAYS)).overflow <= 0,
        { timeoutMs: 3000, intervalMs: 100 },
      ).catch(() => undefined);
      widths.push({ path, ...last });
    };

    given("the web UI and a seller's published event whose rows are 40 seats wide", async () => {
      eventId = await stack.publish('Vera', {
        name: 'Phone Night',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        section: 'Floor',
        rows: 5,
        seats: 40,
        price: 3500,
      });
    });
    and('a buyer holds seats of it', async () => {
      const token = await stack.account('Walt');
      const booked = await stack.call(stack.booking, 'POST', '/api/bookings', {
        token,
        key: 'walt-phone-1',
        body: { eventId, mode: 'best-available', quantity: 3 },
      });
      expect(booked.status).toBe(202);
      bookingId = booked.json.id as string;
      await waitFor('the hold', async () => {
        const b = await stack.call(stack.booking, 'GET', `/api/bookings/${bookingId}`, { token });
        return b.json.status === 'PENDING_PAYMENT' ? true : undefined;
      });
    });
    when('the buyer and the seller open each of their pages on a phone 390 px wide', async () => {
      const buyer = await phone('Walt', 'buyer');
      await open(buyer, '/#/events', '.event-list .card');
      await open(buyer, `/#/events/${eventId}`, '[data-testid="seat-canvas"]');
      await open(buyer, `/#/bookings/${bookingId}`, '[data-testid="booking"]');
      await open(buyer, '/#/history', '[data-testid="history-booking"]');
      await open(buyer, '/#/login', 'form');
      await open(buyer, '/#/register', 'form');
      const seller = await phone('Vera', 'seller');
      await open(seller, '/#/sell', '.event-list .card');
      await open(seller, '/#/sell/new', 'form');
      await open(seller, `/#/sell/${eventId}`, '[data-testid="analytics-state"]');
      await open(seller, `/#/sell/${eventId}/orders`, '[data-testid="orders"]');
    });
    then('no page is wider than the screen', () => {
      expect(widths.filter((w) => w.overflow > 0)).toEqual([]);
      expect(widths).toHaveLength(10);
    });
  });
});
