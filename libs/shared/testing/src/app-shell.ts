import type { Logger } from '@shared/util';
import { createLogger } from '@shared/util';

/** The part of an app's Fastify instance the shell specs use. */
interface Injectable {
  inject(req: { method: 'GET'; url: string }): Promise<{ statusCode: number; json(): unknown }>;
}

/**
 * The specs every app shell must pass, declared once: /health answers, /ready follows the app's
 * readiness checks, and a bad configuration is refused naming the variable.
 */
export function describeAppShell(
  name: string,
  buildApp: (opts: {
    logger: Logger;
    checks: Record<string, () => boolean>;
  }) => Injectable | Promise<Injectable>,
  loadConfig: (env: Record<string, string | undefined>) => unknown,
): void {
  describe(`${name} app shell`, () => {
    it('reports health, and readiness from its checks', async () => {
      let up = false;
      const app = await buildApp({
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
}
