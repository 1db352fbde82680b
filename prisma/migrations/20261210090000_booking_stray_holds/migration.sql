-- Holds the seat side reported for bookings that hold no seats (issue 18), and the ReleaseSeats
-- booking queued for each. The results consumer writes a row in the same statement as the
-- outbox record of its Release: one row per booking, so a repeated or replayed SeatsReserved
-- queues no second Release (apps/booking/src/bookings/stray-holds.ts).

-- CreateTable
CREATE TABLE "booking"."stray_holds" (
    "booking_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "seats" JSONB NOT NULL,
    "seq" INTEGER NOT NULL,
    "booking_status" "booking"."BookingStatus",
    "releases" INTEGER NOT NULL DEFAULT 1,
    "released_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stray_holds_pkey" PRIMARY KEY ("booking_id")
);
