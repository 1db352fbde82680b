import { listenAndHandleSignals } from '@shared/http';
import { createLogger } from '@shared/util';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createRuntime } from './runtime';

const config = loadConfig();
const logger = createLogger('event-ticketing', config.LOG_LEVEL);

async function main(): Promise<void> {
  const runtime = await createRuntime(config, logger);
  const app = buildApp({
    logger,
    metrics: runtime.metrics.registry,
    services: runtime.services,
    checks: {
      postgres: async () => (await runtime.services.prisma.$queryRaw`SELECT 1`) !== undefined,
      redis: async () => (await runtime.services.redis.ping()) === 'PONG',
    },
  });
  app.addHook('onClose', () => runtime.close());
  await runtime.consumer.start();
  await listenAndHandleSignals(app, { host: config.HOST, port: config.PORT, logger });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
});
