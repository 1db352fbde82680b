import { z } from 'zod';
import { createLogger } from '@shared/util';
import { createHttpServer } from './server';
import { rejectUnknownQuery } from './strict-query';

describe('unknown query parameters', () => {
  const app = createHttpServer({ logger: createLogger('test', 'silent') });
  rejectUnknownQuery(app);
  app.get('/api/plain', async () => ({ ok: true }));
  app.get(
    '/api/filtered',
    { schema: { querystring: z.strictObject({ status: z.string().optional() }) } },
    async (request) => request.query,
  );
  app.get('/health', async () => ({ ok: true }));

  it('are a 400 on a route that takes none, and on one that takes others', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/plain?stauts=PAID' });
    expect(plain.statusCode).toBe(400);
    expect(plain.json()).toMatchObject({ error: { code: 'HTTP_VALIDATION_FAILED' } });
    expect((await app.inject({ method: 'GET', url: '/api/filtered?stauts=PAID' })).statusCode).toBe(
      400,
    );
  });

  it('leave known parameters and routes outside the prefix alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/plain' })).statusCode).toBe(200);
    const known = await app.inject({ method: 'GET', url: '/api/filtered?status=PAID' });
    expect(known.json()).toEqual({ status: 'PAID' });
    expect((await app.inject({ method: 'GET', url: '/health?probe=1' })).statusCode).toBe(200);
  });
});
