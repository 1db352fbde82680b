// Request and response schemas of the live availability routes (zod, bounded by contracts).
import { z } from 'zod';
import { Id, SeatName, SeatView } from '@shared/contracts';

export const EventParams = z.strictObject({ id: Id });
export type EventParams = z.infer<typeof EventParams>;

export const SectionQuery = z.strictObject({ section: SeatName.optional() });
export type SectionQuery = z.infer<typeof SectionQuery>;

const Count = z.number().int().nonnegative();

export const SectionSeats = z.strictObject({
  section: SeatName,
  seq: Count,
  capacity: Count,
  available: Count,
  reserved: Count,
  sold: Count,
  seats: z.array(SeatView),
});
export type SectionSeats = z.infer<typeof SectionSeats>;

/** GET /api/events/:id/seats; also the data of the stream's `snapshot` event. */
export const EventSeats = z.strictObject({
  eventId: Id,
  sections: z.array(SectionSeats),
});
export type EventSeats = z.infer<typeof EventSeats>;
