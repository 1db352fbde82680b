import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { createHttpServer, registerHealth, type HttpServer } from '@shared/http';
import type { Logger } from '@shared/util';
import type { GatewayConfig } from './config';
import { registerProxyRoutes } from './proxy.routes';

/** Event layouts are the largest bodies (up to 4 MiB, see event-ticketing); a little headroom. */
const BODY_LIMIT = 5 * 1024 * 1024;

export interface AppDeps {
  config: Readonly<GatewayConfig>;
  logger: Logger;
}

/**
 * The one public origin: the built web UI at /, the apps' APIs under /api. The UI routes on the
 * URL hash, so every page is index.html and an unknown path is a plain JSON 404.
 */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const { config } = deps;
  const app = createHttpServer({
    logger: deps.logger.child({ component: 'gateway-http' }),
    bodyLimit: BODY_LIMIT,
  });
  registerHealth(app, {});
  await registerProxyRoutes(app, config);
  if (existsSync(config.WEB_DIST)) {
    await app.register(fastifyStatic, {
      root: config.WEB_DIST,
      prefix: '/',
      // Vite names built assets by content hash: they never change, index.html always may.
      setHeaders: (res, path) => {
        if (/[\\/]assets[\\/]/.test(path))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  } else {
    app.log.warn({ dir: config.WEB_DIST }, 'web UI not built; serving the API only');
  }
  return app;
}
