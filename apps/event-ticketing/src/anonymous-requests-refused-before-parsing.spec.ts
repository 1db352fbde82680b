import { createAuthHooks, type TokenService } from '@shared/auth';
import { createLogger } from '@shared/util';
import { buildApp } from './app';
import type { TicketingServices } from './services';

/**
 * Every protected route of event-ticketing answers an anonymous request 401 before its body is
 * read: an anonymous 2.7 MB layout is never parsed nor validated (issue 21). No service is
 * reached, so stand-ins that throw when touched are enough.
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
      throw new Error(`service ${String(name)} reached by an anonymous request`);
    },
  },
);
const services = new Proxy(
  { tokens, auth: createAuthHooks(tokens), partitions: 10, secureCookies: true },
  { get: (target, name) => (name in target ? target[name as keyof typeof target] : untouched) },
) as unknown as TicketingServices;

/** A layout of 2.6 MB whose sections are all invalid (empty names, negative prices). */
const hugeLayout = JSON.stringify({
  name: 'x',
  venue: 'y',
  startsAt: 'not a date',
  sections: Array.from({ length: 200 }, () => ({
    name: '',
    price: -1,
    rows: Array.from({ length: 500 }, () => ({ label: '??', seats: -1 })),
  })),
});

describe('event-ticketing: anonymous requests to protected routes', () => {
  const app = buildApp({ logger: createLogger('test', 'silent'), services });
  let bodiesRead = 0;
  app.addHook('preParsing', async () => {
    bodiesRead++;
  });
  afterAll(() => app.close());

  it('sizes the layout as the issue did', () => {
    expect(hugeLayout.length).toBeGreaterThan(2_500_000);
  });

  it.each([
    ['POST', '/api/events', hugeLayout],
    ['PUT', '/api/events/evt_1', hugeLayout],
    ['PATCH', '/api/events/evt_1', '{"sections": '],
    ['POST', '/api/events/evt_1/publish', '{'],
    ['GET', '/api/events/mine', undefined],
    ['GET', '/api/events/not%20an%20id/analytics', undefined],
    ['GET', '/api/events/evt_1/seat-status?limit=-1', undefined],
    ['POST', '/api/auth/logout', '{'],
    ['GET', '/api/auth/me', undefined],
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
