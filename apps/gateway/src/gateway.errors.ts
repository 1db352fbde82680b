import { defineError } from '@shared/util';

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

/**
 * What both engines say with their 413 for a body above the gateway's limit. Its code is the
 * one an app's own 413 has (HTTP_BODY_TOO_LARGE): one fault, one code, whoever refused.
 */
export const bodyTooLargeMessage = (limitBytes: number) =>
  `request body is larger than ${limitBytes} bytes`;
