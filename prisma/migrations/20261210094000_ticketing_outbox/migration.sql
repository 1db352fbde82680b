-- Publishing gets the transactional outbox booking has. The publish transaction that writes the
-- tickets and flips the event to PUBLISHED also writes its announcement here (an InitSection per
-- section, then EventPublished); the relay sends the rows and deletes them once Kafka has them.
-- Before, the records were sent after the commit, so a process that died between the two left
-- an event on sale that no seat node and no booking instance had heard of.

-- CreateTable
CREATE TABLE "ticketing"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER,
    "key" TEXT,
    "value" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);
