-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "booking";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "ticketing";

-- CreateEnum
CREATE TYPE "ticketing"."Role" AS ENUM ('buyer', 'seller');

-- CreateEnum
CREATE TYPE "ticketing"."EventStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "ticketing"."SeatStatus" AS ENUM ('AVAILABLE', 'RESERVED', 'SOLD');

-- CreateEnum
CREATE TYPE "booking"."BookingStatus" AS ENUM ('PROCESSING', 'PENDING_PAYMENT', 'PAID', 'FAILED', 'EXPIRED', 'CANCELLED');

-- CreateTable
CREATE TABLE "ticketing"."users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ticketing"."Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticketing"."events" (
    "id" TEXT NOT NULL,
    "seller_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "ticketing"."EventStatus" NOT NULL DEFAULT 'DRAFT',
    "layout" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticketing"."tickets" (
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "row" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "seat_id" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "status" "ticketing"."SeatStatus" NOT NULL DEFAULT 'AVAILABLE',
    "booking_id" TEXT,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3),

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking"."bookings" (
    "id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "status" "booking"."BookingStatus" NOT NULL DEFAULT 'PROCESSING',
    "total_cents" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bookings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking"."booking_seats" (
    "booking_id" TEXT NOT NULL,
    "seat_id" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,

    CONSTRAINT "booking_seats_pkey" PRIMARY KEY ("booking_id","seat_id")
);

-- CreateTable
CREATE TABLE "booking"."booking_transitions" (
    "id" BIGSERIAL NOT NULL,
    "booking_id" TEXT NOT NULL,
    "from" "booking"."BookingStatus",
    "to" "booking"."BookingStatus" NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "booking_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER,
    "key" TEXT,
    "value" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking"."catalog_events" (
    "id" TEXT NOT NULL,
    "seller_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "sections" JSONB NOT NULL,

    CONSTRAINT "catalog_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "ticketing"."users"("email");

-- CreateIndex
CREATE INDEX "events_status_starts_at_idx" ON "ticketing"."events"("status", "starts_at");

-- CreateIndex
CREATE INDEX "events_seller_id_idx" ON "ticketing"."events"("seller_id");

-- CreateIndex
CREATE INDEX "tickets_event_id_section_status_idx" ON "ticketing"."tickets"("event_id", "section", "status");

-- CreateIndex
CREATE INDEX "tickets_booking_id_idx" ON "ticketing"."tickets"("booking_id");

-- CreateIndex
CREATE UNIQUE INDEX "tickets_event_id_seat_id_key" ON "ticketing"."tickets"("event_id", "seat_id");

-- CreateIndex
CREATE INDEX "bookings_status_expires_at_idx" ON "booking"."bookings"("status", "expires_at");

-- CreateIndex
CREATE INDEX "bookings_buyer_id_created_at_idx" ON "booking"."bookings"("buyer_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "bookings_buyer_id_idempotency_key_key" ON "booking"."bookings"("buyer_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "booking_transitions_booking_id_idx" ON "booking"."booking_transitions"("booking_id");

-- CreateIndex
CREATE INDEX "outbox_sent_at_id_idx" ON "booking"."outbox"("sent_at", "id");

-- AddForeignKey
ALTER TABLE "ticketing"."events" ADD CONSTRAINT "events_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "ticketing"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticketing"."tickets" ADD CONSTRAINT "tickets_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "ticketing"."events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking"."booking_seats" ADD CONSTRAINT "booking_seats_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"."bookings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking"."booking_transitions" ADD CONSTRAINT "booking_transitions_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"."bookings"("id") ON DELETE CASCADE ON UPDATE CASCADE;
