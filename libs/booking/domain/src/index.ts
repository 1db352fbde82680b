/**
 * @packageDocumentation
 * Booking's pure rules: the status state machine, request canonicalisation for idempotency,
 * section choice against the published catalog, and prices. No IO.
 */
export { TRANSITIONS, canTransition, sourcesOf, isTerminal } from './transitions';
export {
  chooseSection,
  priceSeats,
  parseSeatId,
  type SectionChoice,
  type BookingRequestProblem,
} from './catalog';
