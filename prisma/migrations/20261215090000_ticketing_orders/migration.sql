-- The seller's order list (issue 22): event-ticketing's own projection of booking.events, one
-- row per booking of an event, written by the seat-results consumer. Booking's database is
-- never read; the buyer's name and email come from ticketing.users by buyer_id at read time.
-- status is text (the contract's BookingStatus): the enum of that name belongs to booking.

-- CreateTable
CREATE TABLE "ticketing"."orders" (
    "booking_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "seats" JSONB NOT NULL,
    "total_cents" INTEGER NOT NULL,
    "booked_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "buyer_id" TEXT,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("booking_id")
);

-- CreateIndex: an event's orders newest first (the list, its pages and the export)
CREATE INDEX "orders_event_id_booked_at_idx" ON "ticketing"."orders"("event_id", "booked_at");
