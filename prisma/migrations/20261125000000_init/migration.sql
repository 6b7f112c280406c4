-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem');

-- CreateEnum
CREATE TYPE "ComponentStatus" AS ENUM ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance');

-- CreateEnum
CREATE TYPE "Impact" AS ENUM ('none', 'minor', 'major', 'critical');

-- CreateEnum
CREATE TYPE "MaintenanceStatus" AS ENUM ('scheduled', 'in_progress', 'verifying', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('incident_opened', 'incident_status_changed', 'incident_update_posted', 'incident_resolved', 'component_status_changed', 'provider_status_changed', 'maintenance_scheduled', 'maintenance_started', 'maintenance_status_changed', 'maintenance_completed', 'source_unreachable', 'source_recovered');

-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "category" TEXT,
    "poll_interval_seconds" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" "ComponentStatus",
    "status_description" TEXT,
    "last_polled_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "unreachable_since" TIMESTAMPTZ(3),
    "http_cache" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "components" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "group_name" TEXT,
    "status" "ComponentStatus" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "components_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "component_status_changes" (
    "id" SERIAL NOT NULL,
    "component_id" INTEGER NOT NULL,
    "from_status" "ComponentStatus",
    "to_status" "ComponentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "component_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "impact" "Impact" NOT NULL,
    "url" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "identified_at" TIMESTAMPTZ(3),
    "monitoring_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "provider_updated_at" TIMESTAMPTZ(3),
    "components" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_updates" (
    "id" SERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "label" TEXT,
    "body" TEXT NOT NULL,
    "display_at" TIMESTAMPTZ(3) NOT NULL,
    "affected_components" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenances" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "MaintenanceStatus" NOT NULL,
    "impact" "Impact" NOT NULL,
    "url" TEXT,
    "scheduled_for" TIMESTAMPTZ(3),
    "scheduled_until" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "components" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_updates" (
    "id" SERIAL NOT NULL,
    "maintenance_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "status" "MaintenanceStatus" NOT NULL,
    "body" TEXT NOT NULL,
    "display_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" SERIAL NOT NULL,
    "provider_id" TEXT NOT NULL,
    "kind" "EventKind" NOT NULL,
    "incident_id" INTEGER,
    "maintenance_id" INTEGER,
    "component_id" INTEGER,
    "from_status" TEXT,
    "to_status" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "backfill" BOOLEAN NOT NULL DEFAULT false,
    "dedupe_key" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "components_provider_id_external_id_key" ON "components"("provider_id", "external_id");

-- CreateIndex
CREATE INDEX "component_status_changes_component_id_at_idx" ON "component_status_changes"("component_id", "at");

-- CreateIndex
CREATE INDEX "incidents_started_at_id_idx" ON "incidents"("started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incidents_provider_id_started_at_idx" ON "incidents"("provider_id", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_provider_id_external_id_key" ON "incidents"("provider_id", "external_id");

-- CreateIndex
CREATE INDEX "incident_updates_incident_id_display_at_idx" ON "incident_updates"("incident_id", "display_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_updates_incident_id_external_id_key" ON "incident_updates"("incident_id", "external_id");

-- CreateIndex
CREATE INDEX "maintenances_scheduled_for_id_idx" ON "maintenances"("scheduled_for" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "maintenances_provider_id_external_id_key" ON "maintenances"("provider_id", "external_id");

-- CreateIndex
CREATE INDEX "maintenance_updates_maintenance_id_display_at_idx" ON "maintenance_updates"("maintenance_id", "display_at");

-- CreateIndex
CREATE UNIQUE INDEX "maintenance_updates_maintenance_id_external_id_key" ON "maintenance_updates"("maintenance_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "events_dedupe_key_key" ON "events"("dedupe_key");

-- CreateIndex
CREATE INDEX "events_provider_id_id_idx" ON "events"("provider_id", "id");

-- CreateIndex
CREATE INDEX "events_incident_id_id_idx" ON "events"("incident_id", "id");

-- CreateIndex
CREATE INDEX "events_kind_id_idx" ON "events"("kind", "id");

-- AddForeignKey
ALTER TABLE "components" ADD CONSTRAINT "components_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "component_status_changes" ADD CONSTRAINT "component_status_changes_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_updates" ADD CONSTRAINT "incident_updates_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenances" ADD CONSTRAINT "maintenances_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_updates" ADD CONSTRAINT "maintenance_updates_maintenance_id_fkey" FOREIGN KEY ("maintenance_id") REFERENCES "maintenances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_maintenance_id_fkey" FOREIGN KEY ("maintenance_id") REFERENCES "maintenances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

