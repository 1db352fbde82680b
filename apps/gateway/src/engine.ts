import type { Logger } from '@shared/util';
import { buildApp } from './app';
import type { GatewayConfig } from './config';
import { findNginx, startNginx } from './nginx-process';

const INSTALL_NGINX = 'Debian: apt-get install nginx-light; macOS: brew install nginx';

/** A gateway that listens, whichever engine proxies. */
export interface RunningGateway {
  engine: 'nginx' | 'node';
  /** http://host:port */
  base: string;
  /** Resolves if the engine stops by itself (nginx died); never for the node engine. */
  died: Promise<string>;
  /** Stops listening and lets open requests finish (streams are cut short). */
  close(): Promise<void>;
}

/**
 * Starts the engine GATEWAY_ENGINE asks for. `auto` takes nginx when its binary is found and
 * falls back to the node engine with a warning: the same routes and answers, at ten times the
 * CPU per request, so a machine without nginx still runs the platform.
 */
export async function startGateway(
  config: Readonly<GatewayConfig>,
  logger: Logger,
): Promise<RunningGateway> {
  const log = logger.child({ component: 'gateway' });
  const bin = config.GATEWAY_ENGINE === 'node' ? undefined : findNginx();
  if (config.GATEWAY_ENGINE === 'nginx' && !bin) {
    throw new Error(`GATEWAY_ENGINE=nginx but nginx is not installed (${INSTALL_NGINX})`);
  }
  if (bin) {
    const nginx = await startNginx(config, bin, log);
    const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
    log.info(
      { engine: 'nginx', bin, pid: nginx.pid, workers: config.GATEWAY_WORKERS, base },
      'listening',
    );
    return {
      engine: 'nginx',
      base,
      died: nginx.exited.then((code) => `nginx exited (${code ?? 'signal'})`),
      close: () => nginx.stop(),
    };
  }
  if (config.GATEWAY_ENGINE === 'auto') {
    log.warn(
      `nginx not found (${INSTALL_NGINX}); proxying in Node at ten times the CPU per request`,
    );
  }
  const app = await buildApp({ config, logger });
  const base = await app.listen({ host: config.HOST, port: config.PORT });
  return { engine: 'node', base, died: new Promise(() => undefined), close: () => app.close() };
}
