import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

/**
 * GET /metrics in Prometheus' text format, from the app's own registry, plus one histogram of
 * every HTTP response: method, route pattern (never the raw URL, so ids do not explode the
 * series) and status. Like /health it is meant for the operator's network: the gateway routes
 * only /api/*, so it is not public.
 */
export function registerMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests, from the request read to the response sent',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    // Streams would only say how long someone watched; /metrics itself is the scraper's.
    if (
      route === '/metrics' ||
      String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream')
    )
      return;
    duration.observe(
      { method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
