import type { FastifyInstance } from 'fastify';
import type { Logger } from '@shared/util';

/**
 * server.ts of every app: listen, and on SIGTERM/SIGINT close the app (its onClose hooks stop
 * consumers, flush producers and close stores) then exit. A second signal exits at once.
 */
export async function listenAndHandleSignals(
  app: FastifyInstance,
  opts: { host: string; port: number; logger: Logger },
): Promise<void> {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    opts.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        opts.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ host: opts.host, port: opts.port });
}
