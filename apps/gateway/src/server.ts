import { listenAndHandleSignals } from '@shared/http';
import { createLogger } from '@shared/util';
import { buildApp } from './app';
import { loadConfig } from './config';

const config = loadConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);

async function main(): Promise<void> {
  const app = await buildApp({ config, logger });
  await listenAndHandleSignals(app, { host: config.HOST, port: config.PORT, logger });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
});
