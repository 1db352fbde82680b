-- CreateTable
CREATE TABLE "ticketing"."hold_outcomes" (
    "booking_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hold_outcomes_pkey" PRIMARY KEY ("booking_id")
);

-- CreateIndex
CREATE INDEX "hold_outcomes_event_id_idx" ON "ticketing"."hold_outcomes"("event_id");
