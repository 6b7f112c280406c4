-- AlterTable
ALTER TABLE "maintenances" ADD COLUMN     "provider_updated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "page_updated_at" TIMESTAMPTZ(3);
