-- CreateEnum
CREATE TYPE "OutageState" AS ENUM ('suspected', 'confirmed', 'unacknowledged', 'false_alarm');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EventKind" ADD VALUE 'outage_suspected';
ALTER TYPE "EventKind" ADD VALUE 'outage_confirmed';
ALTER TYPE "EventKind" ADD VALUE 'outage_cleared';

-- CreateTable
CREATE TABLE "signal_sources" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "poll_interval_seconds" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_poll_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "last_polled_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signal_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signal_points" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reports" DOUBLE PRECISION,
    "baseline" DOUBLE PRECISION,
    "ok" BOOLEAN,
    "detail" TEXT,

    CONSTRAINT "signal_points_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_reports" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "affected" BOOLEAN NOT NULL DEFAULT true,
    "component" TEXT,
    "symptom" TEXT,
    "counted" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outage_episodes" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "state" "OutageState" NOT NULL,
    "suspected_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "last_abnormal_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "lead_seconds" INTEGER,
    "incident_id" INTEGER,
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "peak_confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outage_episodes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signal_sources_enabled_next_poll_at_idx" ON "signal_sources"("enabled", "next_poll_at");

-- CreateIndex
CREATE UNIQUE INDEX "signal_sources_provider_id_key_key" ON "signal_sources"("provider_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "signal_points_source_id_at_key" ON "signal_points"("source_id", "at");

-- CreateIndex
CREATE INDEX "user_reports_provider_id_reporter_at_idx" ON "user_reports"("provider_id", "reporter", "at");

-- CreateIndex
CREATE INDEX "user_reports_provider_id_at_idx" ON "user_reports"("provider_id", "at");

-- CreateIndex
CREATE INDEX "outage_episodes_provider_id_suspected_at_idx" ON "outage_episodes"("provider_id", "suspected_at" DESC);

-- CreateIndex
CREATE INDEX "outage_episodes_suspected_at_id_idx" ON "outage_episodes"("suspected_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "outage_episodes_state_idx" ON "outage_episodes"("state");

-- AddForeignKey
ALTER TABLE "signal_sources" ADD CONSTRAINT "signal_sources_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_points" ADD CONSTRAINT "signal_points_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "signal_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_reports" ADD CONSTRAINT "user_reports_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outage_episodes" ADD CONSTRAINT "outage_episodes_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outage_episodes" ADD CONSTRAINT "outage_episodes_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

