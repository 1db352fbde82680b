/**
 * The load-test and replay CLI: `npm run loadtest -- <command> --help`.
 *
 *   spike    N buyers with real accounts hit an on-sale at once, until sold out
 *   ramp     an open-model arrival rate over time (no coordinated omission)
 *   record   a topic (or an offset/time range of it) to a JSON-lines file
 *   replay   a recorded file or a live topic range into the command topic
 *   verify   invariants across every store; exits non-zero listing violations
 *   bench    the side-by-side benchmark (also `npm run bench`)
 *   seed-demo  a demo seller, buyer and published event (what `npm start` runs)
 */
import { Command } from 'commander';
import { AppError } from '@shared/util';
import { registerBench } from './commands/bench.command';
import { registerRecord } from './commands/record.command';
import { registerReplay } from './commands/replay.command';
import { registerSeedDemo } from './commands/seed-demo.command';
import { registerRamp } from './commands/ramp.command';
import { registerSpike } from './commands/spike.command';
import { registerVerify } from './commands/verify.command';
import { loadConfig } from './config';

const config = loadConfig();
const program = new Command()
  .name('loadtest')
  .description('load testing, topic record/replay and invariant checks for the seat engine')
  .showHelpAfterError();
registerSpike(program, config);
registerRamp(program, config);
registerRecord(program, config);
registerReplay(program, config);
registerVerify(program, config);
registerBench(program, config);
registerSeedDemo(program, config);

program.parseAsync(process.argv).then(
  // Kafka and database clients may keep handles open after a report: exit with the code.
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    const code = err instanceof AppError ? `${err.code}: ` : '';
    process.stderr.write(`loadtest: ${code}${err.message}\n`);
    process.exit(2);
  },
);
