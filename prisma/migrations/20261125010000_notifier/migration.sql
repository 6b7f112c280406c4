-- CreateEnum
CREATE TYPE "NotifyChannel" AS ENUM ('slack', 'email');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'digest');

-- CreateEnum
CREATE TYPE "DigestFrequency" AS ENUM ('off', 'daily', 'weekly');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EventKind" ADD VALUE 'incident_reminder';
ALTER TYPE "EventKind" ADD VALUE 'component_flapping';

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "fanned_out_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" SERIAL NOT NULL,
    "channel" "NotifyChannel" NOT NULL,
    "target" TEXT NOT NULL,
    "providers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "components" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "min_impact" "Impact" NOT NULL DEFAULT 'none',
    "events" "EventKind"[],
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "digest" "DigestFrequency" NOT NULL DEFAULT 'off',
    "last_digest_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "confirm_token_hash" TEXT,
    "unsubscribe_token_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "subscription_id" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_confirm_token_hash_key" ON "subscriptions"("confirm_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_unsubscribe_token_hash_key" ON "subscriptions"("unsubscribe_token_hash");

-- CreateIndex
CREATE INDEX "subscriptions_created_at_idx" ON "subscriptions"("created_at");

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_subscription_id_status_event_id_idx" ON "deliveries"("subscription_id", "status", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_event_id_subscription_id_key" ON "deliveries"("event_id", "subscription_id");

-- CreateIndex
CREATE INDEX "events_fanned_out_at_id_idx" ON "events"("fanned_out_at", "id");

-- CreateIndex
CREATE INDEX "events_component_id_kind_occurred_at_idx" ON "events"("component_id", "kind", "occurred_at");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Events written before the notifier existed are history: they never notify.
UPDATE "events" SET "fanned_out_at" = "created_at" WHERE "fanned_out_at" IS NULL;
