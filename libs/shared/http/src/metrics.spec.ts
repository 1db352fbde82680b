import { Registry } from 'prom-client';
import { createLogger } from '@shared/util';
import { registerMetrics } from './metrics';
import { createHttpServer } from './server';

describe('/metrics', () => {
  const registry = new Registry();
  const server = createHttpServer({ logger: createLogger('test', 'silent') });
  registerMetrics(server, registry);
  server.get('/api/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));

  it('counts responses by method, route pattern and status, never by raw url', async () => {
    for (const id of ['a1', 'b2', 'c3'])
      await server.inject({ method: 'GET', url: `/api/things/${id}` });
    await server.inject({ method: 'GET', url: '/api/nothing-here' });
    const res = await server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(registry.contentType);
    expect(res.body).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/things/:id",status="200"} 3',
    );
    expect(res.body).toContain(
      'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    );
    expect(res.body).not.toMatch(/a1|b2|c3/);
    // The scrape itself is not a request worth a series.
    expect(res.body).not.toContain('route="/metrics"');
  });
});
