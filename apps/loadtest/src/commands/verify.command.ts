/** `verify`: invariants of one event across every store; exits 1 listing the violations. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createKafka } from '@shared/kafka';
import { brokerList } from '@shared/util';
import type { LoadtestConfig } from '../config';
import { formatTable } from '../report/report';
import { STORES, verifyEvent, type StoreName } from '../verify/verify-event';
import { nonNegativeInt } from './options';
import { LoadtestErrors } from '../loadtest.errors';

export function registerVerify(program: Command, config: Readonly<LoadtestConfig>): void {
  program
    .command('verify')
    .description(
      'check an event across every store: no seat owned twice, bookings match their seats, ' +
        'tickets, seat state and the availability stream agree, counts add up; exits 1 on violations',
    )
    .requiredOption('--event <id>', 'the event to check')
    .option('--namespace <ns>', 'topic namespace', config.KAFKA_NAMESPACE)
    .option(
      '--stores <list>',
      `stores to compare with the engine's changelog state: ${STORES.join(',')}`,
      'changelog,availability,tickets,bookings',
    )
    .option(
      '--database-url <url>',
      'PostgreSQL of booking and event-ticketing',
      config.DATABASE_URL,
    )
    .option(
      '--seat-url <url>',
      'a seat-reservation node, for the seatmap store',
      config.LOADTEST_SEAT_URL,
    )
    .option(
      '--wait <s>',
      'retry for up to this many seconds while the apps catch up',
      nonNegativeInt,
      10,
    )
    .option('--json <file>', 'also write the outcome as JSON')
    .action(async (o: VerifyCliOptions) => {
      process.exitCode = await verify(o, config);
    });
}

interface VerifyCliOptions {
  event: string;
  namespace: string;
  stores: string;
  databaseUrl: string;
  seatUrl: string;
  wait: number;
  json?: string;
}

async function verify(o: VerifyCliOptions, config: Readonly<LoadtestConfig>): Promise<number> {
  const stores = o.stores.split(',').map((s) => s.trim()) as StoreName[];
  const unknown = stores.filter((s) => !STORES.includes(s));
  if (unknown.length > 0) throw LoadtestErrors.usage(`unknown store(s): ${unknown.join(', ')}`);
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'loadtest-verify',
  });
  const outcome = await verifyEvent({
    kafka,
    namespace: o.namespace,
    eventId: o.event,
    stores,
    databaseUrl: o.databaseUrl,
    seatUrl: o.seatUrl,
    waitMs: o.wait * 1000,
  });
  if (o.json) writeFileSync(o.json, JSON.stringify(outcome, null, 2));
  console.log(`verify ${o.event}: ${outcome.seats} seats, ${outcome.bookings} bookings`);
  console.log(`stores: ${outcome.stores.join(', ')}`);
  for (const note of outcome.notes) console.log(`note: ${note}`);
  if (outcome.violations.length === 0) {
    console.log('OK: no violations');
    return 0;
  }
  console.log(`${outcome.violations.length} VIOLATIONS`);
  console.log(formatTable(outcome.violations.map((v) => ({ rule: v.rule, violation: v.message }))));
  return 1;
}
