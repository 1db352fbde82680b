/**
 * @packageDocumentation
 * The HTTP edge shared by the apps: a Fastify factory with zod validation, the one error
 * handler, health and readiness routes, Prometheus metrics, and the listen-and-shutdown loop
 * of server.ts.
 */
export {
  createHttpServer,
  type HttpOptions,
  type HttpServer,
  type ZodTypeProvider,
} from './server';
export { installErrorHandler, HttpErrors } from './errors';
export { registerHealth, type ReadinessCheck } from './health';
export { closeOnSignals, listenAndHandleSignals } from './lifecycle';
export { registerMetrics } from './metrics';
export { rejectUnknownQuery } from './strict-query';
