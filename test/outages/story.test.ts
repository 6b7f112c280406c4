import { agoText, crowdElevated, offsetText, outageStory, spanText, type StoryInput } from "../../src/outages/story";

const T = Date.parse("2026-11-30T09:00:00Z");
const at = (min: number) => new Date(T + min * 60_000);

function input(over: Partial<StoryInput["episode"]> = {}, rest: Partial<StoryInput> = {}): StoryInput {
  return {
    now: at(120),
    episode: {
      id: 7,
      state: "suspected",
      suspectedAt: at(0),
      openedAt: at(0),
      confirmedAt: null,
      acknowledgedAt: null,
      leadSeconds: null,
      endedAt: null,
      confidence: 0.7,
      peakConfidence: 0.75,
      reasons: [],
      ...over,
    },
    provider: { id: "acme", name: "Acme", url: "https://status.acme.test" },
    crowd: [],
    probes: [],
    reports: [],
    componentChanges: [],
    ...rest,
  };
}

const incident = (over: Partial<NonNullable<StoryInput["incident"]>> = {}): NonNullable<StoryInput["incident"]> => ({
  id: 3,
  title: "Errors on API",
  status: "identified",
  impact: "major",
  startedAt: at(30),
  resolvedAt: null,
  url: null,
  components: ["API"],
  updates: [
    { at: at(30), heading: "investigating", body: "Looking", components: ["API"] },
    { at: at(50), heading: "identified", body: "Found it", components: ["Console"] },
  ],
  ...over,
});

describe("an outage's status in words", () => {
  it.each([
    ["suspected", null, "suspected", "Suspected", "its status page has not acknowledged it yet"],
    ["confirmed", null, "confirmed", "Confirmed", "its incident is still open"],
    ["confirmed", at(90), "ended", "Ended", "has resolved its incident"],
    ["unacknowledged", at(90), "unacknowledged", "Ended, never acknowledged", "never acknowledged the outage"],
    ["false_alarm", at(40), "false_alarm", "Dismissed: false alarm", "false alarm"],
  ] as const)("%s, ended %s → %s", (state, endedAt, status, label, text) => {
    const s = outageStory(input({ state, endedAt }));
    expect([s.status, s.statusLabel, s.open]).toEqual([status, label, endedAt === null]);
    expect(s.statusText).toContain(text);
  });
});

describe("the lead over the status page", () => {
  it.each([
    [{ state: "confirmed" as const, leadSeconds: 1800, acknowledgedAt: at(30) }, 1800, "statuswatch warned 30 min before Acme's status page acknowledged it."],
    [
      { state: "confirmed" as const, leadSeconds: 0, acknowledgedAt: at(0) },
      0,
      "Acme's status page acknowledged it at the moment statuswatch suspected it: no lead.",
    ],
    [{ state: "confirmed" as const, leadSeconds: -300, acknowledgedAt: at(-5) }, -300, "Acme's status page spoke 5 min before statuswatch's signals: no lead."],
    [
      { state: "confirmed" as const, leadSeconds: 4500, acknowledgedAt: at(75) },
      4500,
      "statuswatch warned 1 h 15 min before Acme's status page acknowledged it.",
    ],
    [{}, null, "Not acknowledged yet, 2 h after statuswatch suspected it."],
    [{ state: "unacknowledged" as const, endedAt: at(90) }, null, "Acme's status page never acknowledged it: statuswatch was the only warning."],
    [{ state: "false_alarm" as const, endedAt: at(40) }, null, "None: there was nothing for the status page to acknowledge."],
  ])("%o", (over, seconds, text) => {
    expect(outageStory(input(over)).lead).toEqual({ seconds, text });
  });
});

describe("signals", () => {
  it.each([
    [10, 3, true],
    [9, 3, false],
    [30, 12, false],
    [36, 12, true],
    [12, null, true],
    [2, 0, false],
  ])("a crowd point of %d reports, usually %s: elevated %s", (reports, baseline, elevated) => {
    expect(crowdElevated({ reports, baseline })).toBe(elevated);
  });

  it("count what was abnormal, say when it began, and put the first signal before the suspicion when it came earlier", () => {
    const s = outageStory(
      input(
        { reasons: [{ signal: "crowd", text: "40 reports", at: at(0).toISOString(), score: 0.9, fired: true }, { bogus: true }, "nope"] },
        {
          crowd: [
            { at: at(-10), reports: 2, baseline: 2 },
            { at: at(-5), reports: 30, baseline: 2 },
            { at: at(0), reports: 90, baseline: 2 },
            { at: at(5), reports: 3, baseline: 2 },
          ],
          probes: [
            { at: at(-2), ok: true, detail: "200" },
            { at: at(1), ok: false, detail: "timeout" },
            { at: at(3), ok: false, detail: "HTTP 503" },
          ],
          reports: [
            { at: at(2), affected: true, symptom: "errors", component: "API" },
            { at: at(4), affected: true, symptom: "errors", component: null },
            { at: at(6), affected: false, symptom: null, component: null },
          ],
          componentChanges: [{ at: at(8), component: "API", from: "operational", to: "degraded_performance" }],
        },
      ),
    );
    expect(s.firstSignalAt).toEqual(at(-5));
    expect(s.reasons).toEqual([{ signal: "crowd", text: "40 reports", at: at(0), fired: true }]);
    expect(s.signals.map((x) => [x.kind, x.count, x.first, x.last, x.cited, x.detail])).toEqual([
      ["crowd", 2, at(-5), at(0), true, "2 of 4 points elevated; peak 90 reports (usual 2)"],
      ["reports", 2, at(2), at(4), false, "2 affected (errors ×2); components: API; 1 said not affected"],
      ["probe", 2, at(1), at(3), false, "2 of 3 checks failed; last saw: HTTP 503"],
      ["component", 1, at(8), at(8), false, "1 change (API)"],
    ]);
    expect(s.components).toEqual([{ name: "API", from: ["status page", "your reports"] }]);
  });

  it("no stored signals: the suspicion is the first signal", () => {
    const s = outageStory(input());
    expect(s.signals).toEqual([]);
    expect(s.firstSignalAt).toEqual(at(0));
    expect(s.components).toEqual([]);
  });
});

describe("the timeline", () => {
  it("is in time order, says the acknowledging update once, and ends with the page's resolution", () => {
    const s = outageStory(
      input(
        { state: "confirmed", acknowledgedAt: at(30), confirmedAt: at(32), leadSeconds: 1800, endedAt: at(95), openedAt: at(3) },
        {
          crowd: [{ at: at(-5), reports: 50, baseline: 2 }],
          incident: incident({ resolvedAt: at(90), updates: [...incident().updates, { at: at(90), heading: "resolved", body: "Done", components: [] }] }),
        },
      ),
    );
    expect(s.timeline.map((t) => [t.at, t.kind, t.text])).toEqual([
      [at(-5), "signal", "Crowd reports rose: 50 (usual 2)"],
      [at(0), "statuswatch", "statuswatch suspected an outage (confidence 75 % at its peak)"],
      [at(3), "statuswatch", "statuswatch raised the alert (the signals are read on their own clock)"],
      [at(30), "page", "Acme's status page acknowledged it (investigating): Errors on API"],
      [at(32), "statuswatch", "statuswatch saw the incident and confirmed the outage"],
      [at(50), "page", "Status page: identified"],
      [at(90), "page", "Status page: resolved"],
      [at(90), "end", "The status page resolved its incident"],
    ]);
    expect(s.until).toEqual(at(90));
    expect(s.durationSeconds).toBe(95 * 60);
    expect(s.components).toEqual([
      { name: "API", from: ["status page"] },
      { name: "Console", from: ["status page"] },
    ]);
  });

  it.each([
    ["false_alarm", "Signals normal for 30 min: dismissed as a false alarm"],
    ["unacknowledged", "Signals normal for 30 min: over, never acknowledged by the status page"],
  ] as const)("a %s ends with what decided it", (state, text) => {
    const s = outageStory(input({ state, endedAt: at(45) }));
    expect(s.timeline.at(-1)).toEqual({ at: at(45), kind: "end", text });
    expect(s.durationSeconds).toBe(45 * 60);
  });

  it("an open one runs until now", () => {
    const s = outageStory(input());
    expect([s.open, s.until, s.durationSeconds]).toEqual([true, at(120), 120 * 60]);
  });
});

describe("times in words", () => {
  it.each([
    [20, "20 s"],
    [60, "1 min"],
    [-300, "5 min"],
    [3600, "1 h"],
    [3900, "1 h 5 min"],
    [47 * 3600, "47 h"],
    [50 * 3600, "2 d 2 h"],
    [72 * 3600, "3 d"],
  ])("spanText(%d) = %s", (seconds, text) => expect(spanText(seconds)).toBe(text));

  it.each([
    [at(12), at(0), "+12 min"],
    [at(-5), at(0), "−5 min"],
    [new Date(T + 10_000), at(0), "±0"],
  ])("offsetText(%s from %s) = %s", (a, b, text) => expect(offsetText(a, b)).toBe(text));

  it.each([
    [at(0), at(90), "1 h 30 min ago"],
    [at(0), new Date(T + 30_000), "just now"],
    [at(10), at(0), "in 10 min"],
  ])("agoText(%s, now %s) = %s", (a, now, text) => expect(agoText(a, now)).toBe(text));
});
