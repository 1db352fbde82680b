import type { TokenService } from '@shared/auth';
import { createLogger } from '@shared/util';
import { buildApp, type AppDeps } from './app';

/**
 * Every protected route of booking answers an anonymous request 401 before its body is read
 * or its parameters validated (issue 21). No service is reached, so stand-ins that throw when
 * touched are enough.
 */
const tokens: TokenService = {
  issue: () => Promise.reject(new Error('not used')),
  verify: async () => undefined,
  revoke: async () => undefined,
};
const untouched = new Proxy(
  {},
  {
    get: (_, name) => {
      throw new Error(`${String(name)} reached by an anonymous request`);
    },
  },
);
const bookings = new Proxy(
  { tokens, webhookSecret: 'a webhook secret of the test', rateLimit: undefined },
  { get: (target, name) => (name in target ? target[name as keyof typeof target] : untouched) },
) as unknown as NonNullable<AppDeps['bookings']>;

describe('booking: anonymous requests to protected routes', () => {
  const app = buildApp({ logger: createLogger('test', 'silent'), bookings });
  let bodiesRead = 0;
  app.addHook('preParsing', async () => {
    bodiesRead++;
  });
  afterAll(() => app.close());

  it.each([
    ['POST', '/api/bookings', '{"eventId": '],
    ['POST', '/api/bookings', JSON.stringify({ pad: 'x'.repeat(200 * 1024) })],
    ['GET', '/api/bookings?bogus=1', undefined],
    ['GET', '/api/bookings/bkg_1', undefined],
    ['POST', '/api/bookings/bkg_1/cancel', '{'],
    ['POST', '/api/bookings/bkg_1/pay', '{"card": '],
    ['GET', '/api/bookings/bkg_1/stream', undefined],
  ] as const)('%s %s is 401 before its body is read', async (method, url, payload) => {
    bodiesRead = 0;
    const res = await app.inject({
      method,
      url,
      ...(payload === undefined
        ? {}
        : { payload, headers: { 'content-type': 'application/json' } }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_UNAUTHORIZED');
    expect(bodiesRead).toBe(0);
  });
});
