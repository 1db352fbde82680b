import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LoginBody, RegisterBody, TokenBody, UserView } from '@shared/contracts';
import { isUniqueViolation, type Prisma } from '@shared/db';
import {
  hashPassword,
  needsRehash,
  TOKEN_COOKIE,
  verifyPassword,
  clearedCookie,
  tokenCookie,
} from '@shared/auth';
import type { HttpServer } from '@shared/http';
import { TicketingErrors } from '@ticketing/adapters';
import type { TicketingServices } from '../services';

type UserRow = Prisma.UserGetPayload<object>;

const view = (u: UserRow): UserView => ({ id: u.id, email: u.email, name: u.name, role: u.role });

/**
 * Accounts: register (limited per client address), login (limited per account and per address;
 * upgrades an old password hash), logout, me. The password and its hash never leave this file: not
 * in responses (zod response schemas would strip nothing, so views are built explicitly) and
 * not in logs (request bodies are not logged).
 */
export function registerAuthRoutes(app: HttpServer, s: TicketingServices): void {
  // A hash to verify against when the email is unknown, so both failures take the same time.
  const decoy = hashPassword(randomUUID());

  app.post(
    '/api/auth/register',
    { schema: { body: RegisterBody, response: { 201: UserView } } },
    async (request, reply) => {
      const body = request.body;
      if (!(await s.signupLimiter.allow(request.ip)))
        throw TicketingErrors.signupRateLimited('too many sign-ups from this address; try later');
      try {
        const user = await s.prisma.user.create({
          data: {
            id: `usr_${randomUUID().replace(/-/g, '')}`,
            email: body.email.toLowerCase(),
            name: body.name,
            role: body.role,
            passwordHash: await hashPassword(body.password),
          },
        });
        return reply.status(201).send(view(user));
      } catch (err) {
        // The unique email constraint refused the insert: the race-free 409.
        if (isUniqueViolation(err))
          throw TicketingErrors.emailTaken('this email is already registered');
        throw err;
      }
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { body: LoginBody, response: { 200: TokenBody } } },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      if (!(await s.loginLimiter.allow(request.ip, email)))
        throw TicketingErrors.loginRateLimited('too many login attempts; try again in a minute');
      const user = await s.prisma.user.findUnique({ where: { email } });
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await decoy));
      if (!user || !ok) throw TicketingErrors.badCredentials('email or password is wrong');
      // The password was just proven: a hash of older parameters is replaced by a current one.
      // Only if the row still holds the hash that was checked (a concurrent change wins).
      if (needsRehash(user.passwordHash))
        await s.prisma.user.updateMany({
          where: { id: user.id, passwordHash: user.passwordHash },
          data: { passwordHash: await hashPassword(request.body.password) },
        });
      const { token, claims } = await s.tokens.issue({ id: user.id, role: user.role });
      reply.header(
        'set-cookie',
        tokenCookie(TOKEN_COOKIE, token, {
          expires: new Date(claims.exp * 1000),
          secure: s.secureCookies,
        }),
      );
      return { token, user: view(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    { preHandler: s.auth.authenticate, schema: { response: { 204: z.null() } } },
    async (request, reply) => {
      // authenticate set user; revoking its jti refuses the token everywhere until it expires.
      if (request.user) await s.tokens.revoke(request.user);
      reply.header('set-cookie', clearedCookie(TOKEN_COOKIE));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { preHandler: s.auth.authenticate, schema: { response: { 200: UserView } } },
    async (request) => {
      const user = await s.prisma.user.findUnique({ where: { id: request.user!.sub } });
      if (!user) throw TicketingErrors.badCredentials('the account no longer exists');
      return view(user);
    },
  );
}
