import { closeOnSignals } from '@shared/http';
import { createLogger } from '@shared/util';
import { loadConfig } from './config';
import { startGateway } from './engine';

/**
 * The gateway process: starts the engine (engine.ts), and on SIGTERM/SIGINT stops it
 * gracefully and exits; a second signal exits at once. With the nginx engine this process only
 * supervises: if nginx dies, it exits non-zero so its own supervisor (npm start) sees it.
 */
const config = loadConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);

async function main(): Promise<void> {
  const gateway = await startGateway(config, logger);
  const signals = closeOnSignals(() => gateway.close(), logger);
  void gateway.died.then((why) => {
    if (signals.closing) return;
    logger.fatal({ engine: gateway.engine }, `${why}; the gateway stops`);
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
});
