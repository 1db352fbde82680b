/**
 * @packageDocumentation
 * The gateway: one public origin that serves the web UI and routes /api/* to the apps.
 */
export { buildApp, type AppDeps } from './app';
export { loadConfig, GatewayConfig } from './config';
export { upstreamOf, type Upstream } from './route-table';
