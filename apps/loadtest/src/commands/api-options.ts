/** Options shared by the commands that drive the public HTTP API (spike, ramp, seed-demo). */
import type { Command } from 'commander';
import type { LoadtestConfig } from '../config';
import type { DecisionMode } from '../buyers/book-once';
import type { ApiOrigins } from '../http/api-client';
import { positiveInt, share } from './options';

/** Where the API is: the gateway, or the apps' own origins. */
export interface OriginCliOptions {
  baseUrl: string;
  ticketingUrl?: string;
  bookingUrl?: string;
}

export interface ApiCliOptions extends OriginCliOptions {
  event?: string;
  sections: number;
  rows: number;
  seatsPerRow: number;
  buyers: number;
  manualShare: number;
  minQuantity: number;
  maxQuantity: number;
  reportDir: string;
  wait?: boolean;
  stream?: boolean;
}

export function originOptions(command: Command, config: Readonly<LoadtestConfig>): Command {
  return command
    .option('--base-url <url>', 'the public origin (gateway)', config.LOADTEST_BASE_URL)
    .option('--ticketing-url <url>', 'accounts and events at another origin than --base-url')
    .option('--booking-url <url>', 'bookings at another origin than --base-url');
}

export function apiOptions(
  command: Command,
  config: Readonly<LoadtestConfig>,
  defaults: { buyers: number },
): Command {
  return originOptions(command, config)
    .option('--event <id>', 'an event already published (default: create and publish one)')
    .option('--sections <n>', 'sections of the event created', positiveInt, 10)
    .option('--rows <n>', 'rows per section of the event created', positiveInt, 10)
    .option('--seats-per-row <n>', 'seats per row of the event created', positiveInt, 20)
    .option('--buyers <n>', 'buyers, each with a real account', positiveInt, defaults.buyers)
    .option('--manual-share <x>', 'share of manual (click-to-pick) requests', share, 0.1)
    .option('--min-quantity <n>', 'fewest seats per request', positiveInt, 2)
    .option('--max-quantity <n>', 'most seats per request', positiveInt, 4)
    .option('--report-dir <dir>', 'where the JSON and HTML reports go', config.LOADTEST_REPORT_DIR)
    .option(
      '--wait',
      'each booking request waits for its decision (Prefer: wait), as the web UI does (default)',
    )
    .option(
      '--stream',
      "each buyer waits for the decision on the booking's status stream (the UI before issue 25)",
    );
}

/** How buyers learn a decision: --wait (default) or --stream, not both. */
export function decisionMode(o: { wait?: boolean; stream?: boolean }): DecisionMode {
  if (o.wait && o.stream) throw new Error('give --wait or --stream, not both');
  return o.stream ? 'stream' : 'wait';
}

export function originsOf(o: OriginCliOptions): ApiOrigins {
  return { ticketing: o.ticketingUrl ?? o.baseUrl, booking: o.bookingUrl ?? o.baseUrl };
}
