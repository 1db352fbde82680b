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
/** Marks an authentication hook, which every route then runs before reading the body. */
export { authenticationHook, isAuthenticationHook } from './auth-first';
export { registerHealth, type ReadinessCheck } from './health';
export { closeOnSignals, listenAndHandleSignals } from './lifecycle';
export { registerMetrics } from './metrics';
export { rejectUnknownQuery } from './strict-query';
