import { listenAndHandleSignals } from '@shared/http';
import { createLogger } from '@shared/util';
import { buildApp } from './app';
import { loadConfig } from './config';
import { startSeatNode } from './node';

const config = loadConfig();
const logger = createLogger(`seat-reservation.${config.NODE_ID}`, config.LOG_LEVEL);

async function main(): Promise<void> {
  const { processor, view } = await startSeatNode(config, logger);
  const app = await buildApp({ logger, processor, view });
  // On SIGTERM the app closes first (no new requests), then the processor finishes its batch,
  // commits, leaves the group and closes its stores.
  app.addHook('onClose', async () => {
    await processor.stop();
    await view.stop();
  });
  await listenAndHandleSignals(app, { host: config.HOST, port: config.PORT, logger });
  logger.info({ node: config.NODE_ID, port: config.PORT }, 'seat-reservation node ready');
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
});
