-- CreateTable
CREATE TABLE "component_uptime_days" (
    "component_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "operational_ms" BIGINT NOT NULL,
    "degraded_ms" BIGINT NOT NULL,
    "partial_ms" BIGINT NOT NULL,
    "major_ms" BIGINT NOT NULL,
    "maintenance_ms" BIGINT NOT NULL,
    "worst" "ComponentStatus",
    "end_status" "ComponentStatus",

    CONSTRAINT "component_uptime_days_pkey" PRIMARY KEY ("component_id","day")
);

-- CreateTable
CREATE TABLE "provider_uptime_windows" (
    "provider_id" TEXT NOT NULL,
    "first_day" DATE NOT NULL,
    "last_day" DATE NOT NULL,
    "summary" JSONB NOT NULL,
    "revision" BIGSERIAL NOT NULL,

    CONSTRAINT "provider_uptime_windows_pkey" PRIMARY KEY ("provider_id")
);

-- CreateTable
CREATE TABLE "rate_limit_hits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_hits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "rate_limit_hits_expires_at_idx" ON "rate_limit_hits"("expires_at");

-- CreateIndex
CREATE INDEX "component_status_changes_at_idx" ON "component_status_changes"("at");

-- AddForeignKey
ALTER TABLE "component_uptime_days" ADD CONSTRAINT "component_uptime_days_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_uptime_windows" ADD CONSTRAINT "provider_uptime_windows_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;


