import { defineError } from '@shared/util';

/** Event-ticketing's error catalogue; the shared HTTP handler maps each code to its status. */
export const TicketingErrors = {
  emailTaken: defineError('TICKETING_EMAIL_TAKEN', 409),
  /** One message for an unknown email and a wrong password: no account enumeration. */
  badCredentials: defineError('AUTH_BAD_CREDENTIALS', 401),
  /** Too many logins on the account (from anywhere) or from the address (on any account). */
  loginRateLimited: defineError('AUTH_RATE_LIMITED', 429, true),
  /** Too many sign-ups from one client address. */
  signupRateLimited: defineError('AUTH_SIGNUP_RATE_LIMITED', 429, true),
  /** Publish requested again and again for one event (publishing is idempotent anyway). */
  publishRateLimited: defineError('TICKETING_PUBLISH_RATE_LIMITED', 429, true),
  layoutInvalid: defineError('TICKETING_LAYOUT_INVALID', 400),
  /** Also what a seller gets for another seller's event: its existence is not disclosed. */
  eventNotFound: defineError('TICKETING_EVENT_NOT_FOUND', 404),
  eventPublished: defineError('TICKETING_EVENT_PUBLISHED', 409),
  /** The seller's Idempotency-Key already created an event from another request body. */
  idempotencyConflict: defineError('TICKETING_IDEMPOTENCY_CONFLICT', 409),
};
