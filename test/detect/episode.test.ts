import { stepEpisode, type Episode, type OfficialState } from "../../src/detect/episode";
import type { Judgement } from "../../src/detect/types";

const T0 = Date.UTC(2026, 4, 12, 9, 0);
const at = (min: number) => new Date(T0 + min * 60_000);

const ok: Judgement = { state: "ok", confidence: 0, reasons: [] };
const suspected = (confidence: number, since = at(-5)): Judgement => ({ state: "suspected", confidence, reasons: [], since });
const confirmedJ: Judgement = { state: "confirmed", confidence: 0.9, reasons: [] };
const none: OfficialState = { openIncident: false };
const incident = (firstUpdateMin?: number, seenMin = 40): OfficialState => ({
  openIncident: true,
  incidentId: "inc-1",
  seenAt: at(seenMin),
  ...(firstUpdateMin !== undefined ? { firstUpdateAt: at(firstUpdateMin) } : {}),
});

const open = (extra: Partial<Episode> = {}): Episode => ({
  state: "suspected",
  suspectedAt: at(-5),
  openedAt: at(0),
  lastAbnormalAt: at(0),
  peakConfidence: 0.6,
  ...extra,
});

describe("stepEpisode", () => {
  it.each<{
    name: string;
    prev?: Episode;
    j: Judgement;
    official: OfficialState;
    now: number;
    actions: string[];
    state?: string;
    ended?: boolean;
    lead?: number;
    ack?: number;
  }>([
    { name: "ok with no episode: nothing", j: ok, official: none, now: 0, actions: [] },
    {
      name: "suspected with no episode opens one at the signal's crossing",
      j: suspected(0.6),
      official: none,
      now: 0,
      actions: ["open:outage_suspected"],
      state: "suspected",
    },
    { name: "an incident the page opened first is no episode", j: confirmedJ, official: incident(0), now: 0, actions: [] },
    { name: "still suspected: no new event", prev: open(), j: suspected(0.7), official: none, now: 15, actions: [], state: "suspected" },
    {
      name: "the page opens an incident: confirmed, acknowledged at its first update, lead from the crossing",
      prev: open(),
      j: confirmedJ,
      official: incident(35),
      now: 40,
      actions: ["confirm:outage_confirmed"],
      state: "confirmed",
      ack: 35,
      lead: 40 * 60,
    },
    {
      name: "an incident without update times is acknowledged when first seen",
      prev: open(),
      j: confirmedJ,
      official: incident(undefined, 42),
      now: 45,
      actions: ["confirm:outage_confirmed"],
      state: "confirmed",
      ack: 42,
      lead: 47 * 60,
    },
    {
      name: "an incident the page backdated before our crossing gives a negative lead",
      prev: open(),
      j: confirmedJ,
      official: incident(-20),
      now: 10,
      actions: ["confirm:outage_confirmed"],
      state: "confirmed",
      lead: -15 * 60,
    },
    {
      name: "back to normal, but not for the hold time yet: still suspected",
      prev: open({ lastAbnormalAt: at(10) }),
      j: ok,
      official: none,
      now: 39,
      actions: [],
      state: "suspected",
    },
    {
      name: "normal for the hold time after a weak episode: a false alarm",
      prev: open({ lastAbnormalAt: at(10) }),
      j: ok,
      official: none,
      now: 40,
      actions: ["clear:outage_cleared:false_alarm"],
      state: "false_alarm",
      ended: true,
    },
    {
      name: "normal for the hold time after a strong episode: an unacknowledged outage",
      prev: open({ lastAbnormalAt: at(10), peakConfidence: 0.95 }),
      j: ok,
      official: none,
      now: 40,
      actions: ["clear:outage_cleared:unacknowledged"],
      state: "unacknowledged",
      ended: true,
    },
    {
      name: "confirmed stays while the incident is open, even when signals calm",
      prev: open({ state: "confirmed" }),
      j: confirmedJ,
      official: incident(20),
      now: 90,
      actions: [],
      state: "confirmed",
    },
    {
      name: "confirmed ends when the incident resolves",
      prev: open({ state: "confirmed" }),
      j: ok,
      official: none,
      now: 120,
      actions: ["resolve"],
      state: "confirmed",
      ended: true,
    },
    {
      name: "an ended episode counts as none: a new crossing opens a new one",
      prev: open({ state: "false_alarm", endedAt: at(0) }),
      j: suspected(0.6, at(50)),
      official: none,
      now: 55,
      actions: ["open:outage_suspected"],
      state: "suspected",
    },
  ])("$name", (c) => {
    const step = stepEpisode(c.prev, c.j, c.official, at(c.now));
    expect(step.actions.map((a) => [a.kind, "event" in a ? a.event : undefined, "outcome" in a ? a.outcome : undefined].filter(Boolean).join(":"))).toEqual(
      c.actions,
    );
    expect(step.episode?.state).toBe(c.state);
    expect(step.episode?.endedAt !== undefined).toBe(c.ended ?? false);
    if (c.lead !== undefined) expect(step.episode?.leadSeconds).toBe(c.lead);
    if (c.ack !== undefined) expect(step.episode?.acknowledgedAt).toEqual(at(c.ack));
    if (c.actions.length > 0) expect(step.changed).toBe(true);
  });

  it("opens with suspectedAt = judgement.since (the signal's time), not the step's time", () => {
    const step = stepEpisode(undefined, suspected(0.7, at(-12)), none, at(3));
    expect(step.episode).toMatchObject({ suspectedAt: at(-12), openedAt: at(3), peakConfidence: 0.7 });
    expect(step.actions[0]).toMatchObject({ kind: "open", suspectedAt: at(-12), confidence: 0.7 });
  });

  it("keeps the peak confidence and the last abnormal time, and says when that changed", () => {
    const a = stepEpisode(open(), suspected(0.9), none, at(15));
    expect(a.episode).toMatchObject({ peakConfidence: 0.9, lastAbnormalAt: at(15) });
    expect(a.changed).toBe(true);
    const b = stepEpisode(a.episode, ok, none, at(20));
    expect(b.episode).toMatchObject({ peakConfidence: 0.9, lastAbnormalAt: at(15), state: "suspected" });
    expect(b.changed).toBe(false);
  });

  it("signals still up from before the page resolved its incident open no episode; a new run after it does", () => {
    const resolved: OfficialState = { openIncident: false, lastResolvedAt: at(0) };
    expect(stepEpisode(undefined, { ...suspected(0.9, at(5)), onset: at(-30) }, resolved, at(10)).episode).toBeUndefined();
    expect(stepEpisode(undefined, suspected(0.9, at(-2)), resolved, at(10)).episode).toBeUndefined();
    const fresh = stepEpisode(undefined, { ...suspected(0.9, at(20)), onset: at(15) }, resolved, at(22));
    expect(fresh.actions.map((a) => a.kind)).toEqual(["open"]);
  });

  it("the hold time is a setting", () => {
    const step = stepEpisode(open({ lastAbnormalAt: at(10) }), ok, none, at(15), { clearHoldMs: 5 * 60_000 });
    expect(step.episode?.state).toBe("false_alarm");
  });
});
