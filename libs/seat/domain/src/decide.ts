// decide(state, command) -> outcome, delta and events. It reads the state and never changes it
// (see chooseBestAvailable for the one transient exception); `apply` carries the events out.
// Idempotency: a booking id is decided once per section. A Reserve for a booking that holds
// seats returns those seats (replayed); one for a booking that ended here (rejected, or
// released, see ended-bookings.ts) gets the end it had: the same rejection, or an empty
// release; a Release/Finalize that has nothing left to do returns a no-op outcome.
import { chooseBestAvailable, seatsAdjacent } from './best-available';
import { layoutProblem, layoutsEqual } from './layout';
import { chooseManual } from './manual-reserve';
import { RESERVED, SOLD, type SectionState } from './section-state';
import type { EndedOutcome } from './ended-bookings';
import { rejectionMessage, type RejectionCode } from './seat.errors';
import type {
  AvailabilityDelta,
  Decision,
  SeatChange,
  SeatCommand,
  SeatEvent,
  SeatOutcome,
  SeatOptions,
  SeatStatus,
  SectionLayout,
} from './seat.types';

/** Default upper bound of seats per request. */
export const DEFAULT_MAX_QUANTITY = 10;

/** What `decide` returns: the decision to publish and the events for `apply`. */
export interface Decided {
  decision: Decision;
  /** Empty when the command changes nothing (rejections, replays, no-ops). */
  events: SeatEvent[];
}

type AddressedCommand = Exclude<SeatCommand, { type: 'InitSection' }>;

/** Decides a command against a section state (undefined when the section is not known yet). */
export function decide(
  state: SectionState | undefined,
  command: SeatCommand,
  options?: SeatOptions,
): Decided {
  if (command.type === 'InitSection') return decideInit(state, command.layout);
  if (!state || state.eventId !== command.eventId || state.section !== command.section) {
    const problem = state ? 'command addressed to another section' : undefined;
    return reject(command, 'SECTION_UNKNOWN', problem);
  }
  switch (command.type) {
    case 'ReserveBestAvailable':
    case 'ReserveManual':
      return decideReserve(state, command, options?.maxQuantity ?? DEFAULT_MAX_QUANTITY);
    case 'Release':
      return decideRelease(state, command);
    case 'Finalize':
      return decideFinalize(state, command);
  }
}

function decideInit(state: SectionState | undefined, layout: SectionLayout): Decided {
  const address = { eventId: String(layout?.eventId), section: String(layout?.section) };
  const problem = layoutProblem(layout);
  if (problem) return rejectSection(address, 'LAYOUT_INVALID', problem);
  const capacity = layout.rows.reduce((sum, r) => sum + r.seats, 0);
  const initialized = { kind: 'SectionInitialized' as const, ...address, capacity };
  if (!state) {
    return {
      decision: { outcome: { ...initialized, replaced: false, confirmed: false } },
      events: [{ type: 'SectionDefined', layout }],
    };
  }
  if (state.eventId !== layout.eventId || state.section !== layout.section) {
    return rejectSection(address, 'LAYOUT_CONFLICT', 'state belongs to another section');
  }
  if (layoutsEqual(state.layout, layout)) {
    return {
      decision: { outcome: { ...initialized, replaced: false, confirmed: true } },
      events: [],
    };
  }
  if (state.reserved + state.sold > 0) {
    const held = `${state.reserved} reserved, ${state.sold} sold`;
    return rejectSection(address, 'LAYOUT_CONFLICT', held);
  }
  // The new layout replaces the old one; seq carries on so live maps never see it go back.
  return {
    decision: { outcome: { ...initialized, replaced: true, confirmed: false } },
    events: [{ type: 'SectionDefined', layout }],
  };
}

function decideReserve(
  state: SectionState,
  command: AddressedCommand & { type: 'ReserveBestAvailable' | 'ReserveManual' },
  maxQuantity: number,
): Decided {
  const { bookingId } = command;
  const slot = state.bookings.slotOf(bookingId);
  if (slot !== -1) {
    const held = state.seatsOfSlot(slot);
    const outcome = reservedOutcome(state, command, held, seatIdsOf(state, held), true);
    return { decision: { outcome }, events: [] };
  }
  const ended = state.ended.lookup(bookingId);
  if (ended) return repeatOfEnded(command, ended);
  const refuse = (code: RejectionCode, detail?: string, seats?: string[]): Decided => {
    const decided = reject(command, code, detail, seats);
    const outcome: EndedOutcome = { kind: 'rejected', code };
    decided.events.push({ type: 'BookingEnded', bookingId, outcome });
    return decided;
  };
  let seatIndexes: number[];
  if (command.type === 'ReserveBestAvailable') {
    let quantity = command.quantity;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxQuantity) {
      return refuse('QUANTITY_INVALID', `quantity must be 1..${maxQuantity}`);
    }
    if (state.available === 0) return refuse('SOLD_OUT');
    if (state.available < quantity) {
      if (!command.partial) {
        const detail = `${quantity} requested, ${state.available} available`;
        return refuse('SEATS_UNAVAILABLE', detail);
      }
      quantity = state.available;
    }
    seatIndexes = chooseBestAvailable(state, quantity);
  } else {
    const count = Array.isArray(command.seats) ? command.seats.length : 0;
    if (count < 1 || count > maxQuantity) {
      return refuse('QUANTITY_INVALID', `between 1 and ${maxQuantity} seats`);
    }
    const selection = chooseManual(state, command.seats, command.partial === true);
    if (!selection.ok) return refuse(selection.code, selection.detail, selection.seats);
    seatIndexes = selection.seatIndexes;
  }
  const ids = seatIdsOf(state, seatIndexes);
  const n = seatIndexes.length;
  const outcome = reservedOutcome(state, command, seatIndexes, ids, false);
  return {
    decision: { outcome, delta: delta(state, ids, 'RESERVED', -n, n, 0) },
    events: [{ type: 'SeatsHeld', bookingId, seatIndexes }],
  };
}

function decideRelease(state: SectionState, command: AddressedCommand): Decided {
  const slot = state.bookings.slotOf(command.bookingId);
  const seats = slot === -1 ? [] : state.seatsOfSlot(slot);
  const releasable = seats.length > 0 && state.status[seats[0]!] === RESERVED;
  const ids = releasable ? seatIdsOf(state, seats) : [];
  const outcome: SeatOutcome = {
    kind: 'SeatsReleased',
    bookingId: command.bookingId,
    eventId: command.eventId,
    section: command.section,
    seats: ids,
  };
  const end: SeatEvent = {
    type: 'BookingEnded',
    bookingId: command.bookingId,
    outcome: { kind: 'released' },
  };
  if (!releasable) {
    // Nothing held: the booking was rejected here, finalized, released before, or its Reserve
    // has not arrived (yet, or again). A release ends it all the same: remember that, unless
    // it holds sold seats or ended already, so a Reserve that comes later takes nothing.
    const remember = slot === -1 && !state.ended.lookup(command.bookingId);
    return { decision: { outcome }, events: remember ? [end] : [] };
  }
  const n = seats.length;
  return {
    decision: { outcome, delta: delta(state, ids, 'AVAILABLE', n, -n, 0) },
    events: [{ type: 'SeatsFreed', bookingId: command.bookingId }, end],
  };
}

function decideFinalize(state: SectionState, command: AddressedCommand): Decided {
  const slot = state.bookings.slotOf(command.bookingId);
  const seats = slot === -1 ? [] : state.seatsOfSlot(slot);
  const sold = seats.length > 0 && state.status[seats[0]!] === SOLD;
  const ids = seatIdsOf(state, seats);
  const outcome: SeatOutcome = {
    kind: 'SeatsFinalized',
    bookingId: command.bookingId,
    eventId: command.eventId,
    section: command.section,
    seats: ids,
    replayed: sold,
  };
  if (seats.length === 0 || sold) return { decision: { outcome }, events: [] };
  const n = seats.length;
  return {
    decision: { outcome, delta: delta(state, ids, 'SOLD', 0, -n, n) },
    events: [{ type: 'SeatsSold', bookingId: command.bookingId }],
  };
}

/** The answer to a Reserve of a booking that ended here: its end again, changing nothing. */
function repeatOfEnded(command: AddressedCommand, ended: EndedOutcome): Decided {
  if (ended.kind === 'rejected') {
    return reject(command, ended.code, 'a repeated command of a booking already refused');
  }
  const outcome: SeatOutcome = {
    kind: 'SeatsReleased',
    bookingId: command.bookingId,
    eventId: command.eventId,
    section: command.section,
    seats: [],
  };
  return { decision: { outcome }, events: [] };
}

/** Seat ids of ascending seat indexes: the only place outcomes build seat strings. */
function seatIdsOf(state: SectionState, seatIndexes: readonly number[]): string[] {
  const ids = new Array<string>(seatIndexes.length);
  let row = -1;
  for (let k = 0; k < seatIndexes.length; k++) {
    const index = seatIndexes[k]!;
    row = state.rowAfter(index, row);
    ids[k] = state.seatIdInRow(index, row);
  }
  return ids;
}

function reservedOutcome(
  state: SectionState,
  command: AddressedCommand,
  seatIndexes: number[],
  ids: string[],
  replayed: boolean,
): SeatOutcome {
  return {
    kind: 'SeatsReserved',
    bookingId: command.bookingId,
    eventId: command.eventId,
    section: command.section,
    seats: ids,
    adjacent: seatsAdjacent(state, seatIndexes),
    replayed,
  };
}

/** The delta of one accepted command; counts change by the given amounts. */
function delta(
  state: SectionState,
  ids: readonly string[],
  status: SeatStatus,
  dAvailable: number,
  dReserved: number,
  dSold: number,
): AvailabilityDelta {
  const changes = new Array<SeatChange>(ids.length);
  for (let k = 0; k < ids.length; k++) changes[k] = { seat: ids[k]!, status };
  return {
    eventId: state.eventId,
    section: state.section,
    seq: state.seq + 1,
    changes,
    available: state.available + dAvailable,
    reserved: state.reserved + dReserved,
    sold: state.sold + dSold,
  };
}

function reject(
  command: AddressedCommand,
  code: RejectionCode,
  detail?: string,
  seats?: string[],
): Decided {
  const outcome: SeatOutcome = {
    kind: 'ReservationRejected',
    bookingId: command.bookingId,
    eventId: command.eventId,
    section: command.section,
    code,
    message: rejectionMessage(code, detail),
    ...(seats ? { seats } : {}),
  };
  return { decision: { outcome }, events: [] };
}

function rejectSection(
  address: { eventId: string; section: string },
  code: RejectionCode,
  detail: string,
): Decided {
  const outcome = {
    kind: 'SectionRejected' as const,
    ...address,
    code,
    message: rejectionMessage(code, detail),
  };
  return { decision: { outcome }, events: [] };
}
