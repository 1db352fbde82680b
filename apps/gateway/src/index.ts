/**
 * @packageDocumentation
 * The gateway: one public origin that serves the web UI and routes /api/* to the apps, proxied
 * by a child nginx (nginx-config.ts renders its config) or, without nginx, by Fastify (app.ts).
 */
export { buildApp, type AppDeps } from './app';
export { loadConfig, GatewayConfig } from './config';
export { startGateway, type RunningGateway } from './engine';
export { renderNginxConf, type NginxLayout } from './nginx-config';
export { upstreamOf, type Upstream } from './route-table';
