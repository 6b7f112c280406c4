-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "claimed_by" TEXT;

-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "next_poll_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "options" JSONB NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "providers_next_poll_at_idx" ON "providers"("next_poll_at");
