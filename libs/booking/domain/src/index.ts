/**
 * @packageDocumentation
 * Booking's pure rules: the status state machine, request canonicalisation for idempotency,
 * section choice against the published catalog, prices, and what to do about a hold the seat
 * side reports for a booking that should hold no seats. No IO.
 */
export { TRANSITIONS, canTransition, sourcesOf, isTerminal } from './transitions';
export {
  chooseSection,
  priceSeats,
  parseSeatId,
  type SectionChoice,
  type BookingRequestProblem,
} from './catalog';
export {
  holdVerdict,
  sameSeats,
  type HoldVerdict,
  type HeldBooking,
  type ReportedHold,
} from './stray-holds';
