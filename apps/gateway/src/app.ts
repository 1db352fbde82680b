import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { createHttpServer, registerHealth, type HttpServer } from '@shared/http';
import type { Logger } from '@shared/util';
import type { GatewayConfig } from './config';
import { registerProxyRoutes } from './proxy.routes';
import { securityHeaders, surfaceOf } from './security-headers';

export interface AppDeps {
  config: Readonly<GatewayConfig>;
  logger: Logger;
}

/**
 * The node engine (GATEWAY_ENGINE=node, or auto on a machine without nginx): the one public
 * origin as a Fastify app, the built web UI at /, the apps' APIs under /api. The UI routes on
 * the URL hash, so every page is index.html and an unknown path is a plain JSON 404. The nginx
 * engine (nginx-config.ts) renders the same behaviour; the integration spec holds both to it.
 */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const { config } = deps;
  const app = createHttpServer({
    logger: deps.logger.child({ component: 'gateway-http' }),
    // Proxied bodies pass through unparsed (proxy.routes.ts counts them); this bounds the rest.
    bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
  });
  // The security headers nginx adds in that engine (security-headers.ts), over any an app sent.
  app.addHook('onSend', async (request, reply) => {
    reply.headers(securityHeaders(surfaceOf(request.url, reply.statusCode)));
  });
  registerHealth(app, {});
  await registerProxyRoutes(app, config);
  if (existsSync(config.WEB_DIST)) {
    await app.register(fastifyStatic, {
      root: config.WEB_DIST,
      prefix: '/',
      // Dotfiles (a stray .env, .git) are never served, as if they were not there.
      dotfiles: 'ignore',
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
