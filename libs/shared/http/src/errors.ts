import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, defineError } from '@shared/util';

/** HTTP-level errors shared by every app (each app adds its own catalogue beside this one). */
export const HttpErrors = {
  validation: defineError('HTTP_VALIDATION_FAILED', 400),
  unauthorized: defineError('AUTH_UNAUTHORIZED', 401),
  forbidden: defineError('AUTH_FORBIDDEN', 403),
  notFound: defineError('HTTP_NOT_FOUND', 404),
  conflict: defineError('HTTP_CONFLICT', 409),
  tooLarge: defineError('HTTP_BODY_TOO_LARGE', 413),
  rateLimited: defineError('HTTP_RATE_LIMITED', 429, true),
  unavailable: defineError('HTTP_UNAVAILABLE', 503, true),
};

/**
 * The one error handler: every error leaves as {error: {code, message}} with the right status.
 * Client errors say what was wrong; a 5xx says nothing of internals (the log has the stack).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'request failed');
      const message = err.status >= 500 ? 'internal error' : err.message;
      return reply.status(err.status).send({
        error: {
          code: err.code,
          message,
          ...(err.options.details !== undefined && err.status < 500
            ? { details: err.options.details }
            : {}),
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath || '/',
        message: v.message,
      }));
      const first = details[0];
      return reply.status(400).send({
        error: {
          code: 'HTTP_VALIDATION_FAILED',
          message: `invalid ${err.validationContext ?? 'request'}: ${first ? `${first.path} ${first.message}` : 'bad input'}`,
          details,
        },
      });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return reply
        .status(500)
        .send({ error: { code: 'HTTP_INTERNAL', message: 'internal error' } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return reply
        .status(status)
        .send({ error: { code: 'HTTP_INTERNAL', message: 'internal error' } });
    }
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'HTTP_BODY_TOO_LARGE'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'HTTP_UNSUPPORTED_MEDIA_TYPE'
          : status === 429
            ? 'HTTP_RATE_LIMITED'
            : 'HTTP_BAD_REQUEST';
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'HTTP_NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    });
  });
}
