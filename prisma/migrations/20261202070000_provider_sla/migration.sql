-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "sla" JSONB;
