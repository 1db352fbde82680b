import { z } from 'zod';
import { createLogger } from '@shared/util';
import { createHttpServer } from './server';
import { HttpErrors } from './errors';

function app() {
  const server = createHttpServer({ logger: createLogger('test', 'silent'), bodyLimit: 1024 });
  server.post(
    '/things',
    { schema: { body: z.strictObject({ name: z.string().max(5) }) } },
    async () => ({ ok: true }),
  );
  server.get('/boom', async () => {
    throw new Error('secret internals: password=hunter2');
  });
  server.get('/taken', async () => {
    throw HttpErrors.conflict('already there');
  });
  return server;
}

describe('the shared HTTP error contract', () => {
  it('answers bad input with 400 {error: {code, message}} naming the field', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'far too long' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'HTTP_VALIDATION_FAILED', message: expect.stringContaining('/name') },
    });
  });

  it('rejects unknown fields', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'ok', admin: true },
    });
    expect(res.statusCode).toBe(400);
  });

  it('bounds the body size with 413', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('HTTP_BODY_TOO_LARGE');
  });

  it('never echoes internals on a 5xx', async () => {
    const res = await app().inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json()).toEqual({ error: { code: 'HTTP_INTERNAL', message: 'internal error' } });
  });

  it('maps catalogue errors to their status and unknown routes to 404', async () => {
    expect((await app().inject({ method: 'GET', url: '/taken' })).statusCode).toBe(409);
    const missing = await app().inject({ method: 'GET', url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('HTTP_NOT_FOUND');
  });
});
