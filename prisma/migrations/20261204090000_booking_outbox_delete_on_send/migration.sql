-- The outbox relay deletes a row once Kafka has acknowledged it, instead of setting sent_at.
--
-- Marking a row sent wrote a second version of it (and new entries in both of its indexes), and
-- left the first version's entry in (sent_at, id) behind as garbage that every later claim
-- ("WHERE sent_at IS NULL ORDER BY id") walked past until a vacuum came; in an on-sale rush the
-- claim grew to the largest cost of the relay. Deleting is one small WAL record per row, and the
-- rows left in the table are exactly the unsent ones, reached through the primary key in send
-- order. Measured on one backend, 25 bookings per batch (three rows each): PostgreSQL's CPU for
-- claim and mark fell from 0.126 to 0.026 ms per booking (BENCHMARKS.md, bench:booking).
-- Sent records live in Kafka; the outbox no longer keeps a copy of them for an hour.

DELETE FROM "booking"."outbox" WHERE "sent_at" IS NOT NULL;

-- DropIndex
DROP INDEX "booking"."outbox_sent_at_id_idx";

-- AlterTable
ALTER TABLE "booking"."outbox" DROP COLUMN "sent_at";
