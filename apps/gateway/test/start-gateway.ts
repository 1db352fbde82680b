import { freePort } from '@shared/testing';
import { createLogger } from '@shared/util';
import { loadConfig } from '../src/config';
import { startGateway } from '../src/engine';

/** The engines every integration case runs against. */
export const ENGINES = ['nginx', 'node'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * A gateway of `engine` on a free port, configured from `env` as server.ts would be; nginx
 * engine cases fail (never skip) on a machine without nginx: tools/test.sh installs it.
 */
export async function startTestGateway(
  engine: Engine,
  env: Record<string, string>,
): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({
    ...env,
    GATEWAY_ENGINE: engine,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
  });
  const gateway = await startGateway(config, createLogger('gateway-test', 'silent'));
  return { base: gateway.base, close: () => gateway.close() };
}
