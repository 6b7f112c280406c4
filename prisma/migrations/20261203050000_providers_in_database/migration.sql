-- Rows synced by the old catalog sync count as picked from the catalog.
ALTER TABLE "providers" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'catalog',
ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "setup_marks" (
    "name" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setup_marks_pkey" PRIMARY KEY ("name")
);
