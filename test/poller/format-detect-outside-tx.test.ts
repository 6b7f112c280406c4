import type { ServerResponse } from "node:http";
import pino from "pino";
import { syncCatalog } from "../../src/catalog/sync";
import { pollProvider, type PollDeps } from "../../src/poller/poll-provider";
import { PollScheduler } from "../../src/poller/scheduler";
import { loadProviderPollState } from "../../src/timeline/store";
import { freshDatabase, type TestDatabase } from "../support/db";
import { startServer, type TestServer } from "../support/http-server";
import { waitFor } from "../support/notify";
import { entry, testHttp } from "../support/providers";

/**
 * URL detection for a page whose format changed runs before the poll's transaction: while a slow
 * page keeps detection waiting, the provider's advisory lock is free and no connection sits idle in
 * a transaction; the event still carries the suggestion, or none when detection ran out of time.
 */
const log = pino({ level: "silent" });

/** What each provider's page (under /<id>) serves: its summary with this many components (or 404), and how slowly its root answers. */
interface PageState {
  components: number | "gone";
  rootDelayMs: number;
}
const pages = new Map<string, PageState>();
const held = new Set<NodeJS.Timeout>();
/** Roots whose answer was sent, by provider id: detection has got past its first document. */
const rootAnswered = new Set<string>();

function summary(id: string, components: number) {
  return {
    page: { id, name: id, url: `${page.url}/${id}`, updated_at: "2026-12-01T10:00:00Z" },
    status: { indicator: "none", description: "All Systems Operational" },
    components: Array.from({ length: components }, (_, i) => ({
      id: `c${i}`,
      name: `Component ${i}`,
      status: "operational",
      updated_at: "2026-12-01T10:00:00Z",
    })),
    incidents: [],
    scheduled_maintenances: [],
  };
}

function serve(path: string, res: ServerResponse): void {
  const id = path.split("/")[1] ?? "";
  const state = pages.get(id);
  if (state && path === `/${id}`) {
    // The page itself, which detection reads first (for links and hints) before deciding anything.
    const timer = setTimeout(() => {
      held.delete(timer);
      rootAnswered.add(id);
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body><h1>Our new status page</h1></body></html>");
    }, state.rootDelayMs);
    held.add(timer);
    return;
  }
  if (state && path === `/${id}/api/v2/summary.json` && state.components !== "gone") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(summary(id, state.components)));
    return;
  }
  res.writeHead(404).end("not found");
}

let db: TestDatabase;
let page: TestServer;
const ids = ["gone", "shrunk", "late", "race"];
const provider = (id: string) => entry(id, "statuspage", `${page.url}/${id}`);
const deps = (over: Partial<PollDeps> = {}): PollDeps => ({ prisma: db.prisma, http: testHttp(), failureThreshold: 3, log, ...over });
const rootHits = (id: string) => page.requests.filter((r) => r.url === `/${id}`).length;

async function changedEvents(id: string) {
  return db.prisma.event.findMany({ where: { providerId: id, kind: "source_format_changed" }, orderBy: { id: "asc" } });
}

/** Another transaction's view while detection runs: can it take the provider's lock at once, and is any connection left idle inside a transaction? */
async function whileDetecting(id: string): Promise<{ lockFree: boolean; idleInTransaction: number; detecting: boolean }> {
  const lockFree = await db.prisma.$transaction(async (tx) => {
    const [r] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${`provider:${id}`})) as ok`;
    return r!.ok;
  });
  const [idle] = await db.prisma.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
  return { lockFree, idleInTransaction: idle!.n, detecting: !rootAnswered.has(id) };
}

/** Parses once with 8 components, so the watch has a baseline. */
async function parsedWithEight(id: string, rootDelayMs: number): Promise<void> {
  pages.set(id, { components: 8, rootDelayMs });
  expect((await pollProvider(deps(), provider(id))).result).toBe("updated");
}

beforeAll(async () => {
  db = await freshDatabase();
  page = await startServer((req, res) => serve((req.url ?? "").split("?")[0]!, res));
  await syncCatalog(db.prisma, ids.map(provider));
});
afterAll(async () => {
  for (const t of held) clearTimeout(t);
  await page?.close();
  await db?.drop();
});

describe("detection for a changed format runs outside the poll's transaction", () => {
  it("a failed poll (404): the provider's lock is free while the slow page is read, and the event carries the suggestion", async () => {
    await parsedWithEight("gone", 1_500);
    pages.set("gone", { components: "gone", rootDelayMs: 1_500 });
    expect((await pollProvider(deps(), provider("gone"))).result).toBe("failed");
    // The first suspicious poll cannot fire: no detection for it.
    expect(rootHits("gone")).toBe(0);

    const polling = pollProvider(deps(), provider("gone"));
    await waitFor("detection reading the page", () => rootHits("gone") > 0);
    const seen = await whileDetecting("gone");
    expect(seen).toEqual({ lockFree: true, idleInTransaction: 0, detecting: true });
    expect((await polling).result).toBe("failed");

    const events = await changedEvents("gone");
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      what: "the page returned 404 for /gone/api/v2/summary.json",
      kind: "statuspage",
      suggestion: expect.stringMatching(/^no kind statuswatch reads fits the page now \(tried \d+ documents\)$/),
    });
    const row = await db.prisma.provider.findUniqueOrThrow({ where: { id: "gone" } });
    expect(row.formatSuggestion).toBe((events[0]!.data as { suggestion: string }).suggestion);
    expect(row.unreachableSince).toBeNull();
  });

  it("a poll that parsed with most components gone, claimed by the scheduler: the same, with detection's kind", async () => {
    await parsedWithEight("shrunk", 1_500);
    pages.set("shrunk", { components: 2, rootDelayMs: 1_500 });
    const scheduler = new PollScheduler(deps(), { instanceId: "fmt-test", concurrency: 2, backoffMaxSeconds: 4 }, log);
    // Only this provider is due, so each tick claims it alone.
    const due = () =>
      db.prisma.$executeRaw`update providers set lease_expires_at = null,
        next_poll_at = case when id = 'shrunk' then now() else now() + interval '1 day' end`;

    await due();
    expect((await scheduler.tick()).map((o) => o.providerId)).toEqual(["shrunk"]);
    expect(rootHits("shrunk")).toBe(0);

    await due();
    const ticking = scheduler.tick();
    await waitFor("detection reading the page", () => rootHits("shrunk") > 0);
    expect(await whileDetecting("shrunk")).toEqual({ lockFree: true, idleInTransaction: 0, detecting: true });
    // Format events are the source's health, not the timeline: the poll counts them, but is no update.
    expect((await ticking).map((o) => [o.result, o.eventKinds])).toEqual([["unchanged", { source_format_changed: 1 }]]);

    const events = await changedEvents("shrunk");
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      what: "components 8 → 2",
      suggestedKind: "statuspage",
      suggestion: expect.stringMatching(/^statuspage still fits the page \(2 components, 0 incidents now\)$/),
    });
  });

  it("detection that runs out of time: the event is written at its bound, without a suggestion", async () => {
    await parsedWithEight("late", 5_000);
    pages.set("late", { components: "gone", rootDelayMs: 5_000 });
    const bounded = deps({ formatSuggestTimeoutMs: 300 });
    await pollProvider(bounded, provider("late"));
    const started = Date.now();
    expect((await pollProvider(bounded, provider("late"))).result).toBe("failed");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(rootHits("late")).toBe(1);

    const events = await changedEvents("late");
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ what: "the page returned 404 for /late/api/v2/summary.json", kind: "statuspage" });
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "late" } })).formatSuggestion).toBeNull();
  });

  it("when the state moved after the poll looked (another instance), the transaction's own read decides", async () => {
    await parsedWithEight("race", 0);
    pages.set("race", { components: "gone", rootDelayMs: 0 });
    const armed = (await loadProviderPollState(db.prisma, "race"))!;
    expect(armed.format.suspiciousPolls).toBe(0);
    // Another instance's poll counts the first suspicious one.
    await pollProvider(deps(), provider("race"));
    const counted = (await loadProviderPollState(db.prisma, "race"))!;

    // This poll still sees the armed state: it expects no event and detects nothing, but the stored state fires it (without a suggestion).
    await pollProvider(deps(), provider("race"), undefined, armed);
    expect(rootHits("race")).toBe(0);
    const events = await changedEvents("race");
    expect(events.map((e) => e.data)).toEqual([{ what: "the page returned 404 for /race/api/v2/summary.json", kind: "statuspage" }]);

    // The other way round: this poll expects to fire and detects, but the change is already recorded: nothing more is written.
    await pollProvider(deps(), provider("race"), undefined, counted);
    expect(rootHits("race")).toBe(1);
    expect(await changedEvents("race")).toHaveLength(1);
    expect((await db.prisma.provider.findUniqueOrThrow({ where: { id: "race" } })).formatSuggestion).toBeNull();
  });
});
