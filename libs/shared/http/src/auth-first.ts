import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify';

/**
 * Authentication before parsing. Routes list their authentication hook as a preHandler (as
 * Fastify's examples do, and as they read best), but preHandlers run after the body was read,
 * parsed and validated: an anonymous client could make an app parse a 4 MiB layout just to be
 * told 401. createHttpServer installs an onRoute hook that moves every hook marked here from a
 * route's preHandlers to its onRequest hooks, which run before the body is read. Route-level
 * onRequest hooks run after the app's own (cookie parsing, which they need), and the other
 * preHandlers (rate limits keyed by the caller) still run after them.
 */
const marked = new WeakSet<object>();

/** Marks `hook` as authentication: on every route it runs before the request body is read. */
export function authenticationHook<H extends object>(hook: H): H {
  marked.add(hook);
  return hook;
}

/** Whether `hook` was marked by authenticationHook. */
export function isAuthenticationHook(hook: unknown): boolean {
  return typeof hook === 'function' && marked.has(hook);
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Registers the onRoute hook; before any route is added (createHttpServer does it first). */
export function authenticateBeforeParsing(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const preHandlers = asList(route.preHandler);
    const auth = preHandlers.filter(isAuthenticationHook);
    if (auth.length === 0) return;
    route.preHandler = preHandlers.filter((hook) => !isAuthenticationHook(hook));
    // The same (request, reply) signature: an async preHandler is a valid onRequest hook.
    route.onRequest = [...asList(route.onRequest), ...(auth as unknown as onRequestHookHandler[])];
  });
}
