/**
 * `npm start` is the development mode, whatever the shell says: its apps run with
 * NODE_ENV=development (production mode would refuse the development defaults it relies on),
 * and the per-address sign-up and login limits are raised so `npm run loadtest` can sign up its
 * buyers from this one host, unless the shell sets them. The banner says all of it.
 */

/** A per-address budget large enough for a load test's buyers (one sign-up and login each). */
export const DEV_PER_ADDRESS_LIMIT = '100000';

/** The variables npm start sets for every app it runs, on top of the shell's. */
export function developmentEnv(shell: Record<string, string | undefined>): Record<string, string> {
  return {
    NODE_ENV: 'development',
    SIGNUPS_PER_ADDRESS: shell['SIGNUPS_PER_ADDRESS'] ?? DEV_PER_ADDRESS_LIMIT,
    LOGIN_ATTEMPTS_PER_ADDRESS: shell['LOGIN_ATTEMPTS_PER_ADDRESS'] ?? DEV_PER_ADDRESS_LIMIT,
  };
}

/** The lines of the final banner that say which mode runs, and what that means. */
export function developmentBanner(shell: Record<string, string | undefined>): string {
  const env = developmentEnv(shell);
  return [
    'DEVELOPMENT MODE (NODE_ENV=development): not for production.',
    '  development-only JWT and webhook secrets, the demo accounts, the simulated payment',
    '  provider, the token cookie without Secure; per-address limits: ' +
      `${env.SIGNUPS_PER_ADDRESS} sign-ups, ${env.LOGIN_ATTEMPTS_PER_ADDRESS} login attempts per window.`,
    '  Production runs each app with NODE_ENV=production, which refuses all of these (README,',
    '  "Running in production").',
    ...(shell['NODE_ENV'] === 'production'
      ? ['  NODE_ENV=production in this shell was ignored: npm start is development only.']
      : []),
  ].join('\n');
}
