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
  closeOnSignals(() => app.close(), opts.logger);
  await app.listen({ host: opts.host, port: opts.port });
}

/**
 * On SIGTERM/SIGINT: `close`, then exit 0 (1 if closing failed); a second signal exits at once.
 * `closing` tells a process that watches a child of its own (the gateway's nginx) whether an
 * exit it sees was asked for.
 */
export function closeOnSignals(
  close: () => Promise<unknown>,
  logger: Logger,
): { readonly closing: boolean } {
  const state = { closing: false };
  const shutdown = (signal: string) => {
    if (state.closing) process.exit(1);
    state.closing = true;
    logger.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return state;
}
