/**
 * @packageDocumentation
 * Accounts' shared security: scrypt password hashing, JWT access tokens verified by every app
 * (with a Redis deny-list for logout), and Fastify preHandlers for authentication and roles.
 */
export { hashPassword, needsRehash, PASSWORD_HASH_PARAMS, verifyPassword } from './password';
export {
  createTokenService,
  authKeys,
  DEV_ONLY_JWT_SECRET,
  TokenClaims,
  type TokenService,
  type TokenServiceOptions,
} from './tokens';
export { createAuthHooks, TOKEN_COOKIE } from './auth.plugin';
export { registerCookieParsing, parseCookieHeader, tokenCookie, clearedCookie } from './cookies';
