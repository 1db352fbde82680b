import { z } from 'zod';
import { createHttpServer } from '@shared/http';
import { createLogger } from '@shared/util';
import { createAuthHooks } from './auth.plugin';
import type { TokenClaims, TokenService } from './tokens';

/**
 * A protected route authenticates before the body is read: an anonymous client gets 401
 * whatever it sends (malformed, invalid or oversized), and the app never spends a byte of
 * parsing on it. Routes list the hooks as preHandlers; createHttpServer moves them.
 */
const claims = (role: TokenClaims['role']): TokenClaims => ({
  sub: `usr_${role}`,
  role,
  jti: 'j',
  exp: Math.floor(Date.now() / 1000) + 60,
});

const tokens: TokenService = {
  issue: async () => {
    throw new Error('not used');
  },
  verify: async (token) =>
    token === 'seller-token'
      ? claims('seller')
      : token === 'buyer-token'
        ? claims('buyer')
        : undefined,
  revoke: async () => undefined,
};

describe('a protected route', () => {
  const app = createHttpServer({ logger: createLogger('test', 'silent') });
  const { authenticate, requireRole } = createAuthHooks(tokens);
  /** Requests whose body the app started to read (preParsing runs just before). */
  let bodiesRead = 0;
  /** Who the preHandler after the role saw. */
  let seenBy: string | undefined;
  app.addHook('preParsing', async () => {
    bodiesRead++;
  });
  const Body = z.strictObject({ name: z.string().min(1) });
  app.post(
    '/layouts',
    {
      // Another preHandler after the role: it sees the caller, as a rate limit keyed by it does.
      preHandler: [
        requireRole('seller'),
        async (request) => {
          seenBy = request.user?.sub;
        },
      ],
      bodyLimit: 1024,
      schema: { body: Body },
    },
    async (request) => ({ name: request.body.name }),
  );
  app.put('/me', { preHandler: authenticate, schema: { body: Body } }, async (request) => ({
    sub: request.user?.sub,
  }));

  beforeEach(() => {
    bodiesRead = 0;
  });
  afterAll(() => app.close());

  const post = (body: string, authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/layouts',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
      },
      payload: body,
    });

  it.each([
    ['malformed JSON', '{"name": '],
    ['a body its schema refuses', JSON.stringify({ name: '', extra: 1 })],
    ['a body above the route limit', JSON.stringify({ name: 'x'.repeat(4096) })],
  ])('answers an anonymous request with %s 401, without reading the body', async (_, body) => {
    const res = await post(body);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_UNAUTHORIZED');
    expect(bodiesRead).toBe(0);
  });

  it('answers a bad token 401 and the wrong role 403, neither reading the body', async () => {
    expect((await post('{"name": ', 'forged')).statusCode).toBe(401);
    expect((await post('{"name": ', 'buyer-token')).statusCode).toBe(403);
    const me = await app.inject({
      method: 'PUT',
      url: '/me',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(me.statusCode).toBe(401);
    expect(bodiesRead).toBe(0);
  });

  it('reads, validates and serves the body of an authenticated request; later preHandlers see the caller', async () => {
    expect((await post('{"name": ', 'seller-token')).statusCode).toBe(400);
    const ok = await post(JSON.stringify({ name: 'Hall' }), 'seller-token');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ name: 'Hall' });
    expect(seenBy).toBe('usr_seller');
    expect(bodiesRead).toBe(2);
  });
});
