import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS } from './platform';

/** Debian's chromium, headless, with the flags this machine needs (no sandbox, GPU, QUIC...). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far (expected ones filtered out). */
  errors: string[];
  /** Declares HTTP statuses this test provokes on purpose (Chrome logs each as an error). */
  expectStatus(status: number): void;
}

/** A fresh browser context (own cookies and storage), i.e. one user, with an error watch. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 900 },
): Promise<TestPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  // Bounded, with room for a loaded CI machine: a wait crossing Kafka normally takes < 1 s.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const expected = new Set<number>();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    if (status && expected.has(Number(status))) return;
    errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return { page, context, errors, expectStatus: (s) => expected.add(s) };
}

/** Saves a full-page screenshot under artifacts/web-e2e/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
