import { defineError } from '@shared/util';
import { BODY_LIMIT_BYTES } from './config';

/** The gateway's error catalogue; the shared handler maps each to {error: {code, message}}. */
export const GatewayErrors = {
  routeNotFound: defineError('GATEWAY_ROUTE_NOT_FOUND', 404),
};

/**
 * An upstream that cannot be reached: 503, retriable. Sent directly (not thrown) because the
 * shared handler hides every 5xx message, and "which app is down" is what the client and the
 * operator need here; it names the app, never an address.
 */
export const upstreamUnavailable = (app: string) => ({
  error: {
    code: 'GATEWAY_UPSTREAM_UNAVAILABLE',
    message: `the ${app} service is unavailable; retry shortly`,
  },
});

/** What both engines say with their 413 (HTTP_BODY_TOO_LARGE). */
export const BODY_TOO_LARGE_MESSAGE = `request body is larger than ${BODY_LIMIT_BYTES} bytes`;
