import type * as Domain from '@seat/domain';
import type { SeatAvailabilityChanged, SeatCommand, SeatResult } from '@shared/contracts';

/**
 * Translation between the wire contracts (@shared/contracts) and the pure core (@seat/domain).
 * The core knows nothing of Kafka message shapes; this file is the only place the two meet.
 */

/** A wire command as the core's command, or why it cannot be one (-> dead letter). */
export function toDomainCommand(
  cmd: SeatCommand,
): { ok: true; command: Domain.SeatCommand } | { ok: false; reason: string } {
  const address = { eventId: cmd.eventId, section: cmd.section };
  switch (cmd.type) {
    case 'InitSection':
      return {
        ok: true,
        command: {
          type: 'InitSection',
          layout: { ...address, rows: cmd.rows, ...(cmd.focal ? { focal: cmd.focal } : {}) },
        },
      };
    case 'ReserveSeats':
      if (cmd.mode === 'best-available') {
        if (cmd.quantity === undefined)
          return { ok: false, reason: 'ReserveSeats best-available needs a quantity' };
        return {
          ok: true,
          command: {
            type: 'ReserveBestAvailable',
            ...address,
            bookingId: cmd.bookingId,
            quantity: cmd.quantity,
            partial: cmd.partial ?? false,
          },
        };
      }
      if (cmd.seats === undefined) return { ok: false, reason: 'ReserveSeats manual needs seats' };
      return {
        ok: true,
        command: {
          type: 'ReserveManual',
          ...address,
          bookingId: cmd.bookingId,
          seats: cmd.seats,
          partial: cmd.partial ?? false,
        },
      };
    case 'ReleaseSeats':
      return { ok: true, command: { type: 'Release', ...address, bookingId: cmd.bookingId } };
    case 'FinalizeSeats':
      return { ok: true, command: { type: 'Finalize', ...address, bookingId: cmd.bookingId } };
  }
}

/**
 * The result message for booking and event-ticketing, or undefined for outcomes only the
 * processor cares about (section initialised). `seq` is the section's sequence after the command.
 */
export function toResult(
  outcome: Domain.SeatOutcome,
  wire: SeatCommand,
  seq: number,
): SeatResult | undefined {
  const base = { v: 1 as const, eventId: outcome.eventId, section: outcome.section };
  switch (outcome.kind) {
    case 'SeatsReserved':
      return {
        type: 'SeatsReserved',
        ...base,
        bookingId: outcome.bookingId,
        seats: outcome.seats,
        adjacent: outcome.adjacent,
        seq,
      };
    case 'ReservationRejected':
      return {
        type: 'ReservationRejected',
        ...base,
        bookingId: outcome.bookingId,
        code: outcome.code,
        message: outcome.message.slice(0, 500),
        ...(outcome.seats ? { seats: outcome.seats } : {}),
      };
    case 'SeatsReleased':
      return {
        type: 'SeatsReleased',
        ...base,
        bookingId: outcome.bookingId,
        seats: outcome.seats,
        reason: wire.type === 'ReleaseSeats' ? wire.reason : 'CANCELLED',
        seq,
      };
    case 'SeatsFinalized':
      return {
        type: 'SeatsFinalized',
        ...base,
        bookingId: outcome.bookingId,
        seats: outcome.seats,
        seq,
      };
    case 'SectionInitialized':
    case 'SectionRejected':
      return undefined;
  }
}

export function toAvailability(delta: Domain.AvailabilityDelta, at: Date): SeatAvailabilityChanged {
  return {
    type: 'SeatAvailabilityChanged',
    v: 1,
    eventId: delta.eventId,
    section: delta.section,
    seq: delta.seq,
    changes: delta.changes,
    available: delta.available,
    reserved: delta.reserved,
    sold: delta.sold,
    at: at.toISOString(),
  };
}
