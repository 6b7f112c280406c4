import {
  formatProblem,
  parsedObservation,
  raisesChange,
  suspicion,
  watchFormat,
  type FormatObservation,
  type FormatWatchState,
} from "../../src/poller/format-watch";
import { SourceError } from "../../src/sources/errors";

const armed = (goodComponents: number | null, suspiciousPolls = 0): FormatWatchState => ({ goodComponents, suspiciousPolls, changedSince: null });
const since = new Date("2026-12-03T06:00:00Z");
const at = new Date("2026-12-03T07:00:00Z");
const fired = (goodComponents: number, suspiciousPolls = 2): FormatWatchState => ({ goodComponents, suspiciousPolls, changedSince: since });
const parsed = (components: number | null): FormatObservation => ({ kind: "parsed", components });
const broken: FormatObservation = { kind: "broken", what: "the page returned 404 for /api/v2/summary.json" };

describe("suspicion: is this poll a sign the format changed", () => {
  it.each<[string, FormatWatchState, FormatObservation, string | undefined]>([
    ["a page that never parsed is failing, not changed", armed(null), broken, undefined],
    ["a page that never parsed and lists nothing", armed(null), parsed(0), undefined],
    ["404 on a page that parsed", armed(14), broken, "the page returned 404 for /api/v2/summary.json"],
    ["404 on a page that parsed with no components (count unknown)", armed(0), broken, "the page returned 404 for /api/v2/summary.json"],
    ["14 → 2 components", armed(14), parsed(2), "components 14 → 2"],
    ["14 → 7 is half: suspicious", armed(14), parsed(7), "components 14 → 7"],
    ["14 → 8 is less than half lost", armed(14), parsed(8), undefined],
    ["4 → 2 is half of the minimum", armed(4), parsed(2), "components 4 → 2"],
    ["3 → 1 is too few to judge by share", armed(3), parsed(1), undefined],
    ["3 → 0: the page lists nothing any more", armed(3), parsed(0), "the page lists no components any more (components 3 → 0)"],
    ["1 → 0", armed(1), parsed(0), "the page lists no components any more (components 1 → 0)"],
    ["0 → 0 was always empty", armed(0), parsed(0), undefined],
    ["more components is fine", armed(4), parsed(40), undefined],
    ["derived components say nothing", armed(5), parsed(null), undefined],
  ])("%s", (_what, state, obs, expected) => {
    expect(suspicion(state, obs)).toBe(expected);
  });
});

describe("watchFormat: one event per change, re-armed by recovery", () => {
  it.each<[string, FormatWatchState, FormatObservation, Partial<ReturnType<typeof watchFormat>>]>([
    ["first parse sets the baseline", armed(null), parsed(14), { state: armed(14), refetch: false }],
    ["a good poll moves the baseline", armed(14), parsed(13), { state: armed(13), refetch: false }],
    ["one suspicious poll is a flicker: counted, no event", armed(14), parsed(2), { state: armed(14, 1), refetch: true }],
    [
      "the second in a row fires",
      armed(14, 1),
      parsed(2),
      { state: { goodComponents: 14, suspiciousPolls: 2, changedSince: at }, changed: { what: "components 14 → 2" } },
    ],
    ["a 404 after a drop is still the same streak", armed(14, 1), broken, { changed: { what: "the page returned 404 for /api/v2/summary.json" } }],
    ["a flicker followed by a good poll resets", armed(14, 1), parsed(14), { state: armed(14), refetch: false }],
    ["while changed, more suspicious polls say nothing", fired(14), parsed(2), { state: fired(14, 3), refetch: true }],
    ["while changed, a 404 says nothing either", fired(14), broken, { state: fired(14, 3) }],
    [
      "recovery with its components re-arms",
      fired(14),
      parsed(13),
      { state: armed(13), recovered: { changedSince: since, what: "the page parses again with 13 components" } },
    ],
    ["a page that never parsed keeps failing quietly", armed(null), broken, { state: armed(null), refetch: false }],
    ["derived components keep the baseline", armed(5), parsed(null), { state: armed(5) }],
  ])("%s", (_what, state, obs, expected) => {
    const verdict = watchFormat(state, obs, at);
    expect(verdict).toMatchObject(expected);
    if (!("changed" in expected)) expect(verdict.changed).toBeUndefined();
    if (!("recovered" in expected)) expect(verdict.recovered).toBeUndefined();
  });

  it("fires once over many polls of a changed page, and again after a recovery", () => {
    let state = armed(null);
    const events: string[] = [];
    const run = (obs: FormatObservation) => {
      const v = watchFormat(state, obs, at);
      state = v.state;
      if (v.changed) events.push(`changed: ${v.changed.what}`);
      if (v.recovered) events.push(`recovered: ${v.recovered.what}`);
    };
    run(parsed(6));
    for (let i = 0; i < 20; i++) run(broken);
    run(parsed(6));
    for (let i = 0; i < 5; i++) run(parsed(1));
    expect(events).toEqual([
      "changed: the page returned 404 for /api/v2/summary.json",
      "recovered: the page parses again with 6 components",
      "changed: components 6 → 1",
    ]);
  });
});

describe("raisesChange: does this poll fire (asked before the transaction, to detect first)", () => {
  it.each<[string, FormatWatchState, FormatObservation, boolean]>([
    ["the first suspicious poll is a flicker", armed(14), broken, false],
    ["the second suspicious poll fires", armed(14, 1), broken, true],
    ["the second drop in a row fires", armed(14, 1), parsed(2), true],
    ["a good poll after a flicker does not", armed(14, 1), parsed(14), false],
    ["already changed: nothing more", fired(14), broken, false],
    ["a page that never parsed cannot change", armed(null, 5), broken, false],
    ["derived components never fire by count", armed(5, 1), parsed(null), false],
    ["a healthy poll", armed(14), parsed(14), false],
  ])("%s", (_what, state, obs, expected) => {
    expect(raisesChange(state, obs)).toBe(expected);
    // The same answer as the verdict the transaction computes.
    expect(watchFormat(state, obs, at).changed !== undefined).toBe(expected);
  });

  it("follows the rules' streak length", () => {
    const rules = { minComponents: 4, lostShare: 0.5, sustainedPolls: 3 };
    expect(raisesChange(armed(14, 1), broken, rules)).toBe(false);
    expect(raisesChange(armed(14, 2), broken, rules)).toBe(true);
  });
});

describe("parsedObservation", () => {
  const component = (i: number) => ({ externalId: `c${i}`, name: `C${i}`, status: "operational" as const });
  it.each<[string, Parameters<typeof parsedObservation>[0], FormatObservation]>([
    ["counts the page's components", { components: [component(1), component(2)] }, parsed(2)],
    ["no components", { components: [] }, parsed(0)],
    ["components derived from events say nothing", { components: [component(1)], componentsExhaustive: true }, parsed(null)],
  ])("%s", (_what, snapshot, expected) => {
    expect(parsedObservation(snapshot)).toEqual(expected);
  });
});

describe("formatProblem: which failures mean another format", () => {
  it.each<[string, unknown, string | undefined]>([
    [
      "404",
      new SourceError("http_status", "x answered HTTP 404", false, undefined, { status: 404, url: "http://h/api/v2/summary.json" }),
      "the page returned 404 for /api/v2/summary.json",
    ],
    [
      "410",
      new SourceError("http_status", "x answered HTTP 410", false, undefined, { status: 410, url: "http://h/index.json" }),
      "the page returned 410 for /index.json",
    ],
    [
      "HTML where JSON is expected",
      new SourceError("invalid_payload", "summary.json is not JSON (it is HTML)", false),
      "the page answered, but summary.json is not JSON (it is HTML)",
    ],
    ["503 is the host's trouble", new SourceError("http_status", "x answered HTTP 503", true, undefined, { status: 503, url: "http://h/x" }), undefined],
    ["403 may be a firewall", new SourceError("http_status", "x answered HTTP 403", false, undefined, { status: 403, url: "http://h/x" }), undefined],
    ["a timeout", new SourceError("timeout", "x timed out"), undefined],
    ["a dead host", new SourceError("unreachable", "ECONNREFUSED"), undefined],
    ["a plain error", new Error("boom"), undefined],
  ])("%s", (_what, err, expected) => {
    expect(formatProblem(err)).toBe(expected);
  });
});
