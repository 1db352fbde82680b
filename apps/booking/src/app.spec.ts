import { createLogger } from '@shared/util';
import { buildApp } from './app';
import { loadConfig } from './config';

describe('booking app shell', () => {
  it('reports health, and readiness from its checks', async () => {
    let up = false;
    const app = buildApp({
      logger: createLogger('test', 'silent'),
      checks: { dependency: () => up },
    });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    up = true;
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
      checks: { dependency: true },
    });
  });

  it('refuses an invalid configuration, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
