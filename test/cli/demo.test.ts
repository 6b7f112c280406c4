import pino from "pino";
import { loadConfig } from "../../src/config";
import { runDemo } from "../../src/demo/demo";
import { freshDatabase } from "../support/db";

describe("npm run demo", () => {
  it("replays the outage through the running service and prints the growing timeline", async () => {
    const db = await freshDatabase();
    const lines: string[] = [];
    try {
      await runDemo({ config: loadConfig({ DATABASE_URL: db.url }), log: pino({ level: "silent" }), stepMs: 1200, out: (l) => lines.push(l) });
    } finally {
      await db.drop();
    }
    const text = lines.join("\n");
    const order = ["incident_opened", "investigating → identified", "identified → monitoring", "monitoring → resolved"].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("Transitions: investigating → identified → monitoring → resolved");
  }, 60_000);
});
