import { listenAndHandleSignals } from '@shared/http';
import { createLogger } from '@shared/util';
import { loadConfig } from './config';
import { startBooking } from './runtime';

const config = loadConfig();
const logger = createLogger('booking', config.LOG_LEVEL);

async function main(): Promise<void> {
  const runtime = await startBooking(config, { logger });
  // On SIGTERM the HTTP app closes first; its onClose stops consumers, sweeper and relay.
  await listenAndHandleSignals(runtime.app, { host: config.HOST, port: config.PORT, logger });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
});
