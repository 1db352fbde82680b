import type { SeatProcessor } from '@seat/adapters';
import { registerAvailabilityRoutes, type AvailabilityFeed } from '@seat/live';
import {
  createHttpServer,
  registerHealth,
  registerMetrics,
  type HttpServer,
  type ReadinessCheck,
} from '@shared/http';
import type { Logger } from '@shared/util';

export interface AppDeps {
  logger: Logger;
  /** The running processor; absent in tests of the HTTP shell alone. */
  processor?: SeatProcessor;
  /** The live seat map behind GET /api/events/:id/seats and /stream. */
  view?: AvailabilityFeed;
  heartbeatMs?: number;
  /** Readiness checks of the infrastructure this app depends on. */
  checks?: Record<string, ReadinessCheck>;
}

/** Builds the seat-reservation HTTP app; tests call it with app.inject, server.ts listens. */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const app = createHttpServer({
    logger: deps.logger.child({ component: 'seat-reservation-http' }),
  });
  const { processor, view } = deps;
  registerHealth(app, {
    ...(processor ? { processor: () => processor.isRunning() } : {}),
    ...(view ? { availability: () => view.ready() } : {}),
    ...deps.checks,
  });
  if (view) {
    await registerAvailabilityRoutes(app, view, {
      heartbeatMs: deps.heartbeatMs ?? 15_000,
      logger: deps.logger,
    });
  }
  if (processor) {
    registerMetrics(app, processor.metrics.registry);
    app.get('/status', async () => ({
      partitions: processor.ownedPartitions(),
      restores: processor.restores.slice(-20),
    }));
  }
  return app;
}
