import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '@shared/util';
import { authenticateBeforeParsing } from './auth-first';
import { installErrorHandler } from './errors';

export interface HttpOptions {
  logger: Logger;
  /** Largest request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /**
   * Which peers may say who the client is (X-Forwarded-For), as Fastify's trustProxy takes it.
   * Default 'loopback': the gateway on the same host, so per-client limits (login attempts,
   * bookings) count the buyer's address rather than the gateway's; a client connecting from
   * elsewhere cannot set its own address. Set it to the gateway's subnet when they run apart.
   */
  trustProxy?: boolean | string;
}

/** The Fastify instance every app builds on: zod schemas type its routes. */
export type HttpServer = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A Fastify instance set up the same way in every app: zod validation of requests and
 * responses, the shared error handler, request ids in logs, bounded bodies, and authentication
 * hooks run before a body is read (auth-first.ts).
 */
export function createHttpServer(opts: HttpOptions): HttpServer {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    forceCloseConnections: true,
    trustProxy: opts.trustProxy ?? 'loopback',
  });
  // First, so it sees every route: an anonymous request is refused before its body is read.
  authenticateBeforeParsing(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  return app.withTypeProvider<ZodTypeProvider>();
}

export type { ZodTypeProvider };
