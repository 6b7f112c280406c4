import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The wasm engine needs a live connection even to diff from empty; SQL_TARGET_URL names a scratch database.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: process.env.SQL_TARGET_URL ?? "" }),
});
