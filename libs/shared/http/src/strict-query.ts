import { z } from 'zod';
import type { HttpServer } from './server';

/** A query string with no parameters at all: anything in it is a 400. */
const NoQuery = z.strictObject({});

/**
 * Makes every route under `prefix` registered after this call refuse unknown query parameters
 * with 400 (HTTP_VALIDATION_FAILED), as request bodies already do: a route that declares a
 * querystring schema keeps it (make it a strictObject), one that declares none gets an empty
 * strict one. A misspelt filter (`?stauts=PAID`) then fails loudly instead of being ignored.
 * Routes registered in child plugins inherit the hook.
 */
export function rejectUnknownQuery(app: HttpServer, prefix = '/api/'): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    if (route.schema?.querystring) return;
    route.schema = { ...route.schema, querystring: NoQuery };
  });
}
