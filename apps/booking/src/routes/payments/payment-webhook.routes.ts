import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decodeMessage, ErrorBody } from '@shared/contracts';
import type { HttpServer, ZodTypeProvider } from '@shared/http';
import { BookingErrors } from '../../booking.errors';
import type { BookingService } from '../../bookings/booking.service';
import {
  PAYMENT_SIGNATURE_HEADER,
  PaymentSucceeded,
  verifySignature,
} from '../../payments/webhook-signature';

/**
 * POST /api/payments/webhook: the provider's signed charge confirmation. No user token (the
 * provider calls it); the HMAC signature is the authentication: a bad one is 401 and changes
 * nothing. Deliveries repeat, so the answer to a repeat is 200 with `duplicate`.
 */
export function registerPaymentWebhookRoutes(
  app: HttpServer,
  deps: { service: BookingService; secret: string },
): void {
  app.register(async (plain: FastifyInstance) => {
    const raw = new WeakMap<FastifyRequest, string>();
    // The signature covers the exact bytes, so this scope keeps them next to the parsed body.
    plain.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      raw.set(request, body as string);
      done(null, body);
    });
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.post(
      '/api/payments/webhook',
      {
        schema: {
          response: {
            200: z.strictObject({ outcome: z.enum(['paid', 'duplicate', 'refunded', 'unknown']) }),
            400: ErrorBody,
            401: ErrorBody,
          },
        },
      },
      async (request) => {
        const body = raw.get(request) ?? '';
        const header = request.headers[PAYMENT_SIGNATURE_HEADER];
        if (!verifySignature(deps.secret, body, typeof header === 'string' ? header : undefined)) {
          throw BookingErrors.webhookSignature('invalid or missing payment signature');
        }
        const event = decodeMessage(PaymentSucceeded, body);
        if (!event.ok) throw BookingErrors.requestInvalid('BOOKING_WEBHOOK_INVALID', event.reason);
        return {
          outcome: await deps.service.confirmPayment(event.value.bookingId, event.value.chargeId),
        };
      },
    );
  });
}
