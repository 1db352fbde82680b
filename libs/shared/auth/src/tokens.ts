import { randomUUID } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Access tokens: HS256 JWTs (fast-jwt) signed with a secret from config, verified by every app
 * through this one lib. Logout revokes a token by putting its id on a Redis deny-list until the
 * token would have expired anyway, so the list never grows past the live tokens.
 */

/**
 * The signing secret every app falls back to in development, one value so a token from
 * event-ticketing's login verifies in booking. Deployments must set JWT_SECRET.
 */
export const DEV_ONLY_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me-0000';

export const TokenClaims = z.object({
  sub: z.string(),
  role: z.enum(['buyer', 'seller']),
  jti: z.string(),
  exp: z.number(),
  iat: z.number().optional(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

export interface TokenServiceOptions {
  /** HMAC secret, at least 32 characters. */
  secret: string;
  /** Token lifetime in seconds (default 12 h). */
  ttlSeconds?: number;
  redis: Redis;
  /** Prefix of every Redis key (tests use their own). */
  keyPrefix?: string;
}

/** Redis keys of the auth lib, built in one place. */
export const authKeys = (prefix: string) => ({
  revoked: (jti: string) => `${prefix}auth:revoked:${jti}`,
});

export interface TokenService {
  issue(user: {
    id: string;
    role: 'buyer' | 'seller';
  }): Promise<{ token: string; claims: TokenClaims }>;
  /** The claims of a valid, unexpired, unrevoked token; undefined otherwise (never throws). */
  verify(token: string): Promise<TokenClaims | undefined>;
  revoke(claims: TokenClaims): Promise<void>;
}

export function createTokenService(opts: TokenServiceOptions): TokenService {
  if (opts.secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
  const ttl = opts.ttlSeconds ?? 12 * 3600;
  const keys = authKeys(opts.keyPrefix ?? '');
  const sign = createSigner({ key: opts.secret, algorithm: 'HS256', expiresIn: ttl * 1000 });
  const check = createVerifier({ key: opts.secret, algorithms: ['HS256'], cache: 1000 });
  return {
    async issue(user) {
      const token = sign({ sub: user.id, role: user.role, jti: randomUUID() });
      return { token, claims: TokenClaims.parse(check(token)) };
    },
    async verify(token) {
      let payload: unknown;
      try {
        payload = check(token);
      } catch {
        return undefined;
      }
      const claims = TokenClaims.safeParse(payload);
      if (!claims.success) return undefined;
      if (await opts.redis.exists(keys.revoked(claims.data.jti))) return undefined;
      return claims.data;
    },
    async revoke(claims) {
      const secondsLeft = Math.max(1, claims.exp - Math.floor(Date.now() / 1000));
      await opts.redis.set(keys.revoked(claims.jti), '1', 'EX', secondsLeft);
    },
  };
}
