/**
 * What a buyer asks for: a hot-skewed section among those still open, 2-4 seats, best-available
 * or (a share of buyers) a manual pick of adjacent seats at a random spot of a random row,
 * which collides with other buyers' holds as real clicks do.
 */
import { MAX_SEATS_PER_BOOKING, type CreateBookingBody, type EventView } from '@shared/contracts';
import { zipfIndex } from '../workload/random';
import { LoadtestErrors } from '../loadtest.errors';

export interface ChooserOptions {
  manualShare: number;
  minQuantity: number;
  maxQuantity: number;
}

export function createRequestChooser(
  event: EventView,
  opts: ChooserOptions,
  random: () => number = Math.random,
) {
  if (opts.maxQuantity < opts.minQuantity || opts.maxQuantity > MAX_SEATS_PER_BOOKING)
    throw LoadtestErrors.usage(
      `quantities ${opts.minQuantity}-${opts.maxQuantity}: need min <= max <= ${MAX_SEATS_PER_BOOKING}`,
    );
  const sections = event.layout;
  // Seats believed free per section: from the event's availability, lowered when a
  // best-available request for q seats is refused (fewer than q are then free).
  const available = new Map(event.sections.map((s) => [s.name, s.available]));
  return {
    /** Fresh availability (GET /api/events/:id) replaces what buyers believed. */
    update(view: EventView) {
      for (const s of view.sections) available.set(s.name, s.available);
    },
    refused(section: string, quantity: number) {
      available.set(section, Math.min(available.get(section) ?? quantity, quantity - 1));
    },
    next(): { body: CreateBookingBody; section: string } | undefined {
      const open = sections.filter((s) => (available.get(s.name) ?? 1) > 0);
      if (open.length === 0) return undefined;
      const section = open[zipfIndex(random, open.length)]!;
      const wanted =
        opts.minQuantity + Math.floor(random() * (opts.maxQuantity - opts.minQuantity + 1));
      const quantity = Math.max(1, Math.min(wanted, available.get(section.name) ?? wanted));
      if (random() < opts.manualShare) {
        const row = section.rows[Math.floor(random() * section.rows.length)]!;
        const count = Math.min(quantity, row.seats);
        const first = 1 + Math.floor(random() * (row.seats - count + 1));
        return {
          section: section.name,
          body: {
            eventId: event.id,
            mode: 'manual',
            seats: Array.from(
              { length: count },
              (_, k) => `${section.name}-${row.label}-${first + k}`,
            ),
          },
        };
      }
      return {
        section: section.name,
        body: { eventId: event.id, mode: 'best-available', section: section.name, quantity },
      };
    },
  };
}
