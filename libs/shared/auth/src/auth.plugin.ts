import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticationHook, HttpErrors } from '@shared/http';
import type { TokenClaims, TokenService } from './tokens';

/** The cookie that carries the token for browsers (httpOnly); APIs may send a Bearer header. */
export const TOKEN_COOKIE = 'token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate`: the verified claims of the caller. */
    user?: TokenClaims;
    /** The raw token of the caller, for logout. */
    token?: string;
    /** Request cookies, filled by `registerCookieParsing`. */
    cookies?: Record<string, string>;
  }
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies?.[TOKEN_COOKIE];
}

/**
 * Hooks for routes: `authenticate` (401 without a valid token) and `requireRole(role)` (403 for
 * the wrong role). Every protected route lists them explicitly, as a preHandler; both are marked
 * as authentication, so an app built on createHttpServer runs them before reading the body
 * (an anonymous request is a 401 whatever body it sends, never a 400 or a 413).
 */
export function createAuthHooks(tokens: TokenService) {
  const authenticate = authenticationHook(
    async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      const token = tokenOf(request);
      const claims = token ? await tokens.verify(token) : undefined;
      if (!claims || !token) throw HttpErrors.unauthorized('a valid token is required (log in)');
      request.user = claims;
      request.token = token;
    },
  );
  const requireRole = (role: TokenClaims['role']) =>
    authenticationHook(async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      if (!request.user) await authenticate(request, reply);
      if (request.user?.role !== role) throw HttpErrors.forbidden(`only a ${role} may do this`);
    });
  return { authenticate, requireRole };
}
