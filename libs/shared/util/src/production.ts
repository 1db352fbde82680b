import { z } from 'zod';

/**
 * The production posture: with NODE_ENV=production an app refuses to start while anything it
 * runs on is still a development convenience (a published secret, the demo accounts, a
 * simulated payment provider nobody chose, cookies without Secure). Each app lists the rules
 * that concern it; parseEnv reports their problems together with the schema's, all at once.
 *
 * Rules read the raw environment, not the parsed config, so they are checked even when the
 * schema refuses something else: an operator sees every problem in one start.
 */

/** `development` (default: what `npm start` runs), `production` (checked), `test`. */
export const NodeEnv = z.enum(['development', 'production', 'test']).default('development');
export type NodeEnv = z.infer<typeof NodeEnv>;

/** One thing production refuses: a problem message naming the variable, or undefined. */
export type ProductionRule = (env: Record<string, string | undefined>) => string | undefined;

/**
 * The development-only password of the demo accounts (`npm start` seeds them and prints it).
 * Here, not in the loadtest app that seeds, because every app's production check must know it.
 */
export const DEV_ONLY_DEMO_PASSWORD = 'demo-password-dev-only';

/** True when the process runs in production mode (NODE_ENV=production). */
export function isProduction(env: Record<string, string | undefined>): boolean {
  return env['NODE_ENV'] === 'production';
}

/** A secret that must be set, and not to the repository's published development value. */
export function secretRule(variable: string, devDefault: string): ProductionRule {
  return (env) => {
    const value = env[variable];
    if (value === undefined || value === '')
      return `${variable}: unset, so the development-only default published in the repository is used; set a secret of your own`;
    if (value === devDefault)
      return `${variable}: is the development-only default published in the repository; set a secret of your own`;
    return undefined;
  };
}

/**
 * The demo: its seed must be off (DEMO_SEED=0, it creates accounts whose password is printed),
 * and DEMO_PASSWORD, if set, must not be the published development value. Every app checks
 * these: the demo accounts are a platform-wide hole, whichever process would seed them.
 */
export const DEMO_RULES: readonly ProductionRule[] = [
  (env) =>
    env['DEMO_SEED'] === '0'
      ? undefined
      : 'DEMO_SEED: the demo seed is on (a demo seller and buyer with a known password); set DEMO_SEED=0',
  (env) => {
    const value = env['DEMO_PASSWORD'];
    if (value === DEV_ONLY_DEMO_PASSWORD)
      return 'DEMO_PASSWORD: is the development-only default published in the repository';
    if ((value === undefined || value === '') && env['DEMO_SEED'] !== '0')
      return 'DEMO_PASSWORD: unset, so the demo accounts would get the development-only default password';
    return undefined;
  },
];

/** Problems of the rules in production mode; none in any other mode. */
export function productionProblems(
  env: Record<string, string | undefined>,
  rules: readonly ProductionRule[],
): string[] {
  if (!isProduction(env)) return [];
  return rules.map((rule) => rule(env)).filter((p): p is string => p !== undefined);
}
