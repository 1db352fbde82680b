// execute = decide + apply, the one call the stream processor makes per command.
import { apply } from './apply';
import { decide } from './decide';
import type { SectionState } from './section-state';
import type { Decision, SeatCommand, SeatOptions } from './seat.types';

/** The state after a command (mutated in place, or new for InitSection) and its decision. */
export interface Executed {
  state: SectionState | undefined;
  decision: Decision;
}

/**
 * Decides a command and applies its events. Never throws for expected outcomes: rejections
 * come back as `ReservationRejected`/`SectionRejected` outcomes with the state unchanged.
 */
export function execute(
  state: SectionState | undefined,
  command: SeatCommand,
  options?: SeatOptions,
): Executed {
  const { decision, events } = decide(state, command, options);
  return { state: events.length > 0 ? apply(state, events) : state, decision };
}
