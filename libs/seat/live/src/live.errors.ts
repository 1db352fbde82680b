// The error catalogue of the live view's routes. The shared handler (@shared/http) turns each
// into {error: {code, message}} with its status.
import { defineError } from '@shared/util';

export const LiveErrors = {
  /** The view knows no section of this event (unknown, unpublished, or not restored yet). */
  eventNotFound: defineError('EVENT_NOT_FOUND', 404),
  /** The event exists but has no such section. */
  sectionNotFound: defineError('SECTION_NOT_FOUND', 404),
  /** The view is still reading the changelog after a start: retry shortly. */
  notReady: defineError('AVAILABILITY_NOT_READY', 503, true),
};
