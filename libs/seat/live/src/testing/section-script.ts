// Test fixture: drives a real section through the allocation core, producing exactly what the
// processor publishes (changelog snapshots and availability deltas). Not exported by index.ts.
import {
  decodeSection,
  encodeSection,
  execute,
  seatStatuses,
  type SectionState,
  type SeatCommand,
} from '@seat/domain';
import type { SeatAvailabilityChanged } from '@shared/contracts';

export class SectionScript {
  state: SectionState;
  private bookings = 0;

  constructor(
    readonly eventId: string,
    readonly section: string,
    rows: { label: string; seats: number }[],
  ) {
    const { state } = execute(undefined, {
      type: 'InitSection',
      layout: { eventId, section, rows },
    });
    if (!state) throw new Error('InitSection failed');
    this.state = state;
  }

  /** Changelog value of the current state. */
  snapshotBytes(): Buffer {
    return Buffer.from(encodeSection(this.state));
  }

  /** An independent copy of the current state (execute mutates in place). */
  snapshotState(): SectionState {
    return decodeSection(encodeSection(this.state));
  }

  /** Reserves these seats for a new booking; returns its availability delta. */
  reserve(...seats: string[]): SeatAvailabilityChanged {
    return this.run({
      type: 'ReserveManual',
      eventId: this.eventId,
      section: this.section,
      bookingId: `b${++this.bookings}`,
      seats,
    });
  }

  /** Number of the last booking reserved (for release). */
  get lastBooking(): number {
    return this.bookings;
  }

  /** Reserves the first AVAILABLE seat for a new booking. */
  reserveNext(): SeatAvailabilityChanged {
    const free = seatStatuses(this.state).find((s) => s.status === 'AVAILABLE');
    if (!free) throw new Error(`section ${this.section} is full`);
    return this.reserve(free.seat);
  }

  /** Releases booking number n (1-based, in reserve order). */
  release(n: number): SeatAvailabilityChanged {
    return this.run({
      type: 'Release',
      eventId: this.eventId,
      section: this.section,
      bookingId: `b${n}`,
    });
  }

  private run(command: SeatCommand): SeatAvailabilityChanged {
    const { state, decision } = execute(this.state, command);
    if (!state || !decision.delta) throw new Error(`no change: ${JSON.stringify(decision)}`);
    this.state = state;
    return {
      type: 'SeatAvailabilityChanged',
      v: 1,
      ...decision.delta,
      at: new Date().toISOString(),
    };
  }
}
