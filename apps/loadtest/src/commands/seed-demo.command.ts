/**
 * `seed-demo`: the demo seller, buyer and published event a first-time user of `npm start`
 * tries the buyer flow with (see demo/seed-demo.ts). Progress goes to stderr; stdout is only the
 * summary with the logins, which `npm start` shows in its banner.
 */
import type { Command } from 'commander';
import type { LoadtestConfig } from '../config';
import { DEV_DEMO_PASSWORD, seedDemo, seedSummary } from '../demo/seed-demo';
import { createApiClient } from '../http/api-client';
import { originOptions, originsOf, type OriginCliOptions } from './api-options';

export function registerSeedDemo(program: Command, config: Readonly<LoadtestConfig>): void {
  originOptions(
    program
      .command('seed-demo')
      .description(
        'demo seller and buyer accounts and, unless the seller has an upcoming one, a published demo event ' +
          '(idempotent; password from DEMO_PASSWORD, else a development-only default)',
      ),
    config,
  ).action(async (o: OriginCliOptions) => {
    const log = (line: string) => process.stderr.write(`seed-demo: ${line}\n`);
    const password = config.DEMO_PASSWORD
      ? { value: config.DEMO_PASSWORD, isDevDefault: false }
      : { value: DEV_DEMO_PASSWORD, isDevDefault: true };
    if (password.isDevDefault)
      log('DEMO_PASSWORD is not set: using the development-only default password');
    const origins = originsOf(o);
    const result = await seedDemo(createApiClient(origins), origins, {
      password: password.value,
      log,
    });
    process.stdout.write(`${seedSummary(result, password)}\n`);
  });
}
