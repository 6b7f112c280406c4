-- A page that changes format: its own events, and the watch's state on the provider row.
ALTER TYPE "EventKind" ADD VALUE 'source_format_changed';
ALTER TYPE "EventKind" ADD VALUE 'source_format_recovered';

-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "format_good_components" INTEGER,
ADD COLUMN     "format_suspicious_polls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "format_changed_since" TIMESTAMPTZ(3),
ADD COLUMN     "format_change" TEXT,
ADD COLUMN     "format_suggestion" TEXT;

-- A page read before this migration has parsed: a 404 from now on is a change. Its count is not
-- known (components are never deleted, so counting rows could overstate it); the next poll sets it.
UPDATE "providers" SET "format_good_components" = 0 WHERE "last_success_at" IS NOT NULL;
