-- Tickets keyed by their seat, and only the indexes their queries use (issue 6).
--
-- Publishing writes every ticket of an event in one INSERT (50,000 for a big event), so each
-- index and each per-row check on ticketing.tickets is paid 50,000 times inside the publish
-- transaction. Measured on the 50,000-seat event (BENCHMARKS.md, bench:publish):
--   * the foreign key to events ran its RI trigger once per row (~40% of the INSERT): dropped.
--     Tickets are only ever written by publish, from the event row it holds locked in the same
--     transaction, and events are never deleted, so the key had nothing left to protect;
--   * the surrogate "id" (and its primary-key index) was read by nothing: (event_id, seat_id)
--     already identified a ticket and becomes the primary key (its index is reused, not rebuilt);
--   * "booking_id" was indexed for no query (bookings live in the booking schema): dropped;
--   * (event_id, section, status) served only the seat-status view: replaced by a PARTIAL index
--     of the seats that are held or sold. A fresh event has none, so publishing adds nothing to
--     it; the seat-status view and the sales-per-minute query read it.
-- schema.prisma cannot express a partial index without a preview feature: it is declared here
-- only (the drift check compares keys and unique constraints, not plain indexes).

-- DropForeignKey
ALTER TABLE "ticketing"."tickets" DROP CONSTRAINT "tickets_event_id_fkey";

-- DropIndex
DROP INDEX "ticketing"."tickets_booking_id_idx";

-- DropIndex
DROP INDEX "ticketing"."tickets_event_id_section_status_idx";

-- Primary key (event_id, seat_id), reusing the unique index that already exists
ALTER TABLE "ticketing"."tickets" DROP CONSTRAINT "tickets_pkey";
ALTER TABLE "ticketing"."tickets" DROP COLUMN "id";
ALTER TABLE "ticketing"."tickets" ADD CONSTRAINT "tickets_pkey" PRIMARY KEY USING INDEX "tickets_event_id_seat_id_key";

-- CreateIndex (partial: held or sold seats only)
CREATE INDEX "tickets_held_or_sold_idx" ON "ticketing"."tickets"("event_id", "section", "seat_id") WHERE "status" <> 'AVAILABLE';
