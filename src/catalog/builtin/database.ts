import type { RawEntry } from "../entry-schema";

/** Databases, caches, queues, search and data pipelines. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const DATABASE_PROVIDERS: RawEntry[] = [
  { id: "supabase", name: "Supabase", kind: "statuspage", url: "https://status.supabase.com", category: "database", capabilities: ["sql-database", "baas", "identity"] },
  // Atlas clusters M10 and above: 99.995 % monthly; 10 % credit below it, 25 % below 99.0 %, 100 % below 95.0 %.
  { id: "mongodb", name: "MongoDB Atlas", kind: "statuspage", url: "https://status.mongodb.com", category: "database", capabilities: ["nosql-database"], sla: { monthlyPercent: 99.995, credits: [{ below: 99.995, creditPercent: 10 }, { below: 99.0, creditPercent: 25 }, { below: 95.0, creditPercent: 100 }], components: ["MongoDB Atlas clusters (M10 and above)"], source: "https://www.mongodb.com/legal/sla/cloud/atlas-database" } },
  { id: "planetscale", name: "PlanetScale", kind: "statuspage", url: "https://www.planetscalestatus.com", category: "database", capabilities: ["sql-database"] },
  { id: "neon", name: "Neon", kind: "statusio", url: "https://neonstatus.com", category: "database", options: {pageId: "6878fc85709daa75be6c7e3c"}, capabilities: ["sql-database"] },
  { id: "cockroachdb", name: "CockroachDB Cloud", kind: "statuspage", url: "https://status.cockroachlabs.cloud", category: "database", capabilities: ["sql-database"] },
  { id: "upstash", name: "Upstash", kind: "statuspage", url: "https://status.upstash.com", category: "database", capabilities: ["cache", "message-queue"] },
  { id: "elastic", name: "Elastic Cloud", kind: "statuspage", url: "https://status.elastic.co", category: "database", capabilities: ["search", "logging"] },
  { id: "influxdata", name: "InfluxData (InfluxDB Cloud)", kind: "statuspage", url: "https://status.influxdata.com", category: "database", capabilities: ["metrics"] },
  { id: "snowflake", name: "Snowflake", kind: "statuspage", url: "https://status.snowflake.com", category: "database", capabilities: ["data-warehouse"] },
  { id: "confluent", name: "Confluent Cloud", kind: "statuspage", url: "https://status.confluent.cloud", category: "database", capabilities: ["message-queue"] },
  { id: "clickhouse", name: "ClickHouse Cloud", kind: "statuspage", url: "https://status.clickhouse.com", category: "database", capabilities: ["data-warehouse", "sql-database"] },
  { id: "firebolt", name: "Firebolt", kind: "statuspage", url: "https://status.firebolt.io", category: "database", capabilities: ["data-warehouse"] },
  { id: "redpanda", name: "Redpanda Cloud", kind: "feed", url: "https://status.redpanda.com/history.rss", category: "database", capabilities: ["message-queue"] },
  { id: "aiven", name: "Aiven", kind: "statuspage", url: "https://status.aiven.io", category: "database", capabilities: ["sql-database", "message-queue", "cache"] },
  { id: "cloudamqp", name: "CloudAMQP", kind: "statuspage", url: "https://status.cloudamqp.com", category: "database", capabilities: ["message-queue"] },
  { id: "bonsai", name: "Bonsai (Elasticsearch)", kind: "statuspage", url: "https://status.bonsai.io", category: "database", capabilities: ["search"] },
  { id: "prisma", name: "Prisma (Accelerate, Postgres)", kind: "statuspage", url: "https://www.prisma-status.com", category: "database", capabilities: ["sql-database", "cache"] },
  { id: "fivetran", name: "Fivetran", kind: "statuspage", url: "https://status.fivetran.com", category: "database", capabilities: ["etl"] },
  { id: "dbt-cloud", name: "dbt Cloud", kind: "statuspage", url: "https://status.getdbt.com", category: "database", capabilities: ["etl"] },
  { id: "airbyte", name: "Airbyte Cloud", kind: "statuspage", url: "https://status.airbyte.com", category: "database", capabilities: ["etl"] },
  { id: "temporal", name: "Temporal Cloud", kind: "statuspage", url: "https://status.temporal.io", category: "database", capabilities: ["workflow-engine"] },
  { id: "meilisearch", name: "Meilisearch Cloud", kind: "feed", url: "https://status.meilisearch.com/feed.rss", category: "database", capabilities: ["search"] },
  { id: "typesense", name: "Typesense Cloud", kind: "instatus", url: "https://typesense.instatus.com", category: "database", capabilities: ["search"] },
];
