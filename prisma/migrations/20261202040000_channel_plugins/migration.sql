-- Channels are plug-ins keyed by name: the column becomes text so a new channel needs no migration.
-- Existing values ('slack', 'email') are kept as they are.
ALTER TABLE "subscriptions" ALTER COLUMN "channel" SET DATA TYPE TEXT USING "channel"::text;

-- Each channel's own settings, validated by its zod schema; existing subscriptions have none.
ALTER TABLE "subscriptions" ADD COLUMN "config" JSONB NOT NULL DEFAULT '{}';

DROP TYPE "NotifyChannel";
