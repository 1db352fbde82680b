import { SEAT_ID_SEPARATOR } from '@shared/contracts';
import type { PrismaClient } from '@shared/db';
import type { HeldSeatStatus, SeatStatusPage, SeatStatusQuery } from './seat-status.schema';

/**
 * Reads the held and sold seats of an event for its seller's seat map. Every query runs on the
 * partial index tickets_held_or_sold_idx (event_id, section, seat_id) WHERE status <> 'AVAILABLE'
 * in its order, so a page costs its own size, not the event's 50,000 seats. Selects no buyer
 * data: booking_id stays in the table.
 */
export function createSeatStatusReader(prisma: PrismaClient) {
  return {
    async page(eventId: string, q: SeatStatusQuery): Promise<SeatStatusPage> {
      // Section names never contain the separator, so a seat id starts with its section.
      const afterSection = q.after ? q.after.slice(0, q.after.indexOf(SEAT_ID_SEPARATOR)) : null;
      const [section, status, after] = [q.section ?? null, q.status ?? null, q.after ?? null];
      // One statement with optional filters: an unnamed statement is planned with its
      // parameters' values, so an absent filter (NULL) folds away and the index's order stays
      // usable. One row more than asked says whether there is a next page.
      const rows = await prisma.$queryRaw<
        {
          seat_id: string;
          section: string;
          row: string;
          number: number;
          status: HeldSeatStatus;
          changed_at: Date;
          seq: number;
        }[]
      >`SELECT seat_id, section, "row", number, status::text AS status, changed_at, seq
          FROM ticketing.tickets
         WHERE event_id = ${eventId} AND status <> 'AVAILABLE'
           AND (${section}::text IS NULL OR section = ${section}::text)
           AND (${status}::text IS NULL OR status = ${status}::ticketing."SeatStatus")
           AND (${after}::text IS NULL OR (section, seat_id) > (${afterSection}::text, ${after}::text))
         ORDER BY section, seat_id
         LIMIT ${q.limit + 1}`;
      const seats = rows.slice(0, q.limit).map((r) => ({
        seatId: r.seat_id,
        section: r.section,
        row: r.row,
        number: r.number,
        status: r.status,
        since: r.changed_at.toISOString(),
        seq: r.seq,
      }));
      return {
        eventId,
        seats,
        nextAfter: rows.length > q.limit ? seats.at(-1)!.seatId : null,
        at: new Date().toISOString(),
      };
    },
  };
}
export type SeatStatusReader = ReturnType<typeof createSeatStatusReader>;
