import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<boolean> | boolean;

/**
 * /health: the process is up. /ready: every dependency check passes (503 otherwise), so a
 * load balancer stops sending traffic to a node that lost Kafka or its database.
 */
export function registerHealth(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const results: Record<string, boolean> = {};
    for (const [name, check] of Object.entries(checks)) {
      try {
        results[name] = await check();
      } catch {
        results[name] = false;
      }
    }
    const ready = Object.values(results).every(Boolean);
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
}
