-- A record Kafka refuses for itself (larger than the broker accepts, a topic that does not or
-- cannot exist, a partition the topic does not have) no longer stops the outbox behind it for
-- good. The relay counts each refusal on the row, with Kafka's reason, and at its limit sends
-- the record to the dead-letter topic and deletes the row (@shared/kafka createOutboxRelay).
-- An operator finds a record being refused with
--   SELECT id, topic, key, attempts, last_error FROM booking.outbox WHERE attempts > 0;
-- Both columns have constant defaults: adding them rewrites nothing, and booking's inserts,
-- which name their columns, are unchanged.

-- AlterTable
ALTER TABLE "booking"."outbox" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_error" TEXT;
