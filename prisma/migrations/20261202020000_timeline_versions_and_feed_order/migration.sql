-- AlterTable
ALTER TABLE "maintenances" ADD COLUMN     "provider_updated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "page_updated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "recorded_tx" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- CreateIndex
CREATE INDEX "events_recorded_tx_id_idx" ON "events"("recorded_tx", "id");
