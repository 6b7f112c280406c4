import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lastCompletedPeriod } from "../../src/notify/digest/period";
import { freshDatabase, type TestDatabase } from "../support/db";
import { seedDigestWorld } from "../support/digest-seed";
import { type Instance, startInstance } from "../support/instance";
import { API_KEY, startSmtp, waitFor } from "../support/notify";

const root = path.resolve(__dirname, "../..");
jest.setTimeout(180_000);

/** `npm run digest:once`, as the script runs it: node with the tsx loader. */
function digestOnce(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(root, "src/cli/digest-once.ts")],
      { cwd: root, env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env }, timeout: 90_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run digest:once and a restarted service", () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dir: string;
  let instance: Instance | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
    smtp = await startSmtp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-digest-"));
  });
  afterAll(async () => {
    await instance?.stop();
    await smtp?.close();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("send a daily digest at 06:00 Tokyo time once: two runs and a second service instance make one mail", async () => {
    const schedule = { frequency: "daily" as const, hour: 6, timeZone: "Asia/Tokyo" };
    const period = lastCompletedPeriod(new Date(), schedule);
    const world = await seedDigestWorld(db.prisma, period);
    await db.prisma.subscription.create({
      data: {
        channel: "email",
        target: "cli@example.test",
        events: ["incident_opened"],
        providers: ["acme", "beta"],
        digest: "daily",
        digestHour: 6,
        timeZone: "Asia/Tokyo",
        lastDigestAt: new Date(period.start.getTime() - 2 * 86_400_000),
        confirmedAt: new Date(),
      },
    });
    const env = { DATABASE_URL: db.url, SMTP_URL: smtp.url, API_KEY, PUBLIC_URL: "http://statuswatch.test" };

    const first = await digestOnce(env);
    expect(first).toMatchObject({ code: 0, stdout: "sent 1 digest\n" });
    const second = await digestOnce(env);
    expect(second).toMatchObject({ code: 0, stdout: "sent 0 digests\n" });

    const file = path.join(dir, "providers.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "acme", name: "Acme", kind: "statuspage", url: "http://127.0.0.1:9/" }]));
    instance = await startInstance({ ...env, PROVIDERS_FILE: file, POLLING_ENABLED: "false", LOG_LEVEL: "debug" });
    // The restarted service checks digests as it starts; it finds the period already sent.
    await waitFor("the service's digest check", () => instance!.logs().includes('"msg":"digests checked"'), 30_000);
    expect(instance.logs()).toMatch(/"sent":0[^\n]*"msg":"digests checked"/);
    await instance.stop();
    instance = undefined;

    const mails = smtp.to("cli@example.test");
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text!;
    for (const i of world.inPeriod) expect(text).toContain(i.title);
    for (const t of world.excluded) expect(text).not.toContain(t);
    expect(text).toContain("Still open (1):");
    expect(text).toContain("(Asia/Tokyo)");
    expect(await db.prisma.digestSend.count({ where: { status: "sent" } })).toBe(1);
  });
});
