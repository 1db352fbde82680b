-- POST /api/events takes an optional Idempotency-Key. A create sent twice with the same key (a
-- double submit, a client retry after a lost answer, two demo seeds at once) makes one event: the
-- key is unique per seller, and the request's hash tells a replay (same body: the same event
-- back) from a conflict (another body: 409). Events created without a key keep both NULL, and
-- NULLs never collide in a unique index.

-- AlterTable
ALTER TABLE "ticketing"."events" ADD COLUMN "create_key" TEXT,
ADD COLUMN "create_hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "events_seller_id_create_key_key" ON "ticketing"."events"("seller_id", "create_key");
