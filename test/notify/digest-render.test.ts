import { renderDigestHtml } from "../../src/notify/digest/render-html";
import { renderDigestText } from "../../src/notify/digest/render-text";
import { type DigestReport, digestSubject, type ProviderDigest } from "../../src/notify/digest/report";

const T = (s: string) => new Date(`2026-11-29T${s}:00Z`);
const strip = Array.from({ length: 30 }, (_, i) => ({
  date: `2026-11-${String(i + 1).padStart(2, "0")}`,
  worst: i === 28 ? ("major_outage" as const) : i < 3 ? null : ("operational" as const),
  uptimePercent: i === 28 ? 97.5 : i < 3 ? null : 100,
}));

function acme(over: Partial<ProviderDigest> = {}): ProviderDigest {
  return {
    id: "acme",
    name: "Acme <Cloud>",
    statusPageUrl: "https://status.acme.test",
    dashboardUrl: "http://sw.test/providers/acme",
    incidents: [
      {
        id: 7,
        title: `Errors <img src=x onerror="alert(1)"> & timeouts`,
        impact: "major",
        startedAt: T("10:00"),
        resolvedAt: T("12:04"),
        durationSeconds: 7440,
        link: "http://sw.test/incidents/7",
        providerUrl: "https://status.acme.test/incidents/abc",
      },
      {
        id: 8,
        title: "Dashboard slow",
        impact: "minor",
        startedAt: T("20:00"),
        resolvedAt: null,
        durationSeconds: 3 * 3600,
        link: "http://sw.test/incidents/8",
        providerUrl: "javascript:alert(1)",
      },
    ],
    stillOpen: [],
    warnings: [
      {
        id: 3,
        state: "confirmed",
        suspectedAt: T("09:52"),
        confirmedAt: T("10:05"),
        endedAt: T("12:04"),
        leadSeconds: 480,
        incidentId: 7,
        link: "http://sw.test/outages/3",
      },
    ],
    availability: { percent: 98.3, downtimeSeconds: 7440, observedSeconds: 86400 },
    strip,
    sla: null,
    ...over,
  };
}

function report(over: Partial<DigestReport> = {}): DigestReport {
  const p = acme();
  p.stillOpen = [p.incidents[1]!];
  return {
    subscriptionId: 1,
    frequency: "daily",
    timeZone: "Europe/Berlin",
    period: { start: new Date("2026-11-29T07:00:00Z"), end: new Date("2026-11-30T07:00:00Z"), endDate: "2026-11-30" },
    complete: true,
    generatedAt: new Date("2026-11-30T07:00:05Z"),
    publicUrl: "http://sw.test",
    providers: [p],
    quietProviders: 0,
    notices: [],
    unsubscribeUrl: "http://sw.test/api/v1/subscriptions/unsubscribe?token=t&x=1",
    ...over,
  };
}

const breached = {
  month: "2026-11",
  slaPercent: 99.9,
  availabilityPercent: 99.5,
  downtimeSeconds: 12_960,
  breached: true,
  creditPercent: 10,
  link: "http://sw.test/providers/acme/sla?month=2026-11",
};
const within = { ...breached, availabilityPercent: 99.99, breached: false, creditPercent: 0 };

describe("digest renderers (pure)", () => {
  it.each<[string, DigestReport, string[], string[], string[]]>([
    // what, report, in the HTML, in the text, in neither
    [
      "incidents with times on the subscriber's clock, links, open and warnings",
      report(),
      [
        "Errors &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; timeouts",
        "Acme &lt;Cloud&gt;",
        'href="http://sw.test/incidents/7"',
        'href="https://status.acme.test/incidents/abc"',
        "opened Sun 29 Nov, 11:00 · resolved Sun 29 Nov, 13:04, lasted 2h 4m",
        "Still open (1)",
        "8m before the provider said so",
        "Availability this period: <strong>98.30 %</strong>",
        "token=t&amp;x=1",
      ],
      [
        `Errors <img src=x onerror="alert(1)"> & timeouts`,
        "opened Sun 29 Nov, 11:00 · resolved Sun 29 Nov, 13:04, lasted 2h 4m",
        "Still open (1):",
        "- Dashboard slow (minor, since Sun 29 Nov, 21:00)",
        "Last 30 days: ???.........................#.",
        "Sun 29 Nov, 08:00 – Mon 30 Nov, 08:00 (Europe/Berlin)",
      ],
      ["javascript:"],
    ],
    [
      "a breached SLA with its credit",
      report({ providers: [acme({ sla: breached })] }),
      ["below the 99.9 % SLA</strong>, credit 10 %"],
      ["SLA 2026-11 to date: 99.50 %, below the 99.9 % SLA, credit 10 %"],
      [],
    ],
    ["an SLA kept", report({ providers: [acme({ sla: within })] }), ["within the 99.9 % SLA"], ["within the 99.9 % SLA"], ["below the"]],
    [
      "a quiet period",
      report({ providers: [], quietProviders: 4 }),
      ["Nothing happened at the providers you follow.", "4 other providers: no incidents and no warnings."],
      ["Nothing happened at the providers you follow.", "4 other providers"],
      ["Incidents ("],
    ],
    ["a preview of the running period", report({ complete: false }), ["(so far)"], ["(so far)"], []],
    [
      "held notices, escaped, one line each in text",
      report({
        notices: [{ at: T("03:00"), providerName: "Acme", tag: "Unreachable", title: "Page <b>down</b>", detail: "timeout\r\nBcc: evil@example.test" }],
      }),
      ["Page &lt;b&gt;down&lt;/b&gt;", "timeout"],
      ["[Unreachable] Acme: Page <b>down</b>: timeout Bcc: evil@example.test"],
      [],
    ],
  ])("%s", (_what, r, inHtml, inText, inNeither) => {
    const html = renderDigestHtml(r);
    const text = renderDigestText(r);
    for (const s of inHtml) expect(html).toContain(s);
    for (const s of inText) expect(text).toContain(s);
    for (const s of inNeither) {
      expect(html).not.toContain(s);
      expect(text).not.toContain(s);
    }
    // What mail clients strip or block is never relied on.
    expect(html).not.toMatch(/<(script|style|link|img|iframe|object)\b/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/class=/);
  });

  it("draws the 30-day strip as 30 coloured table cells", () => {
    const html = renderDigestHtml(report());
    const cells = html.match(/<td title="2026-11-\d\d[^"]*" style="height:18px;background-color:#[0-9a-f]{6};/g) ?? [];
    expect(cells).toHaveLength(30);
    expect(cells[28]).toContain("#cf222e");
    expect(cells[0]).toContain("#d0d7de");
    expect(cells[10]).toContain("#2da44e");
  });

  it.each([
    [report(), "[Digest] statuswatch daily: 2 incidents, 1 still open (2026-11-30)"],
    [report({ providers: [] }), "[Digest] statuswatch daily: no incidents (2026-11-30)"],
    [report({ frequency: "weekly", providers: [acme({ incidents: [acme().incidents[0]!] })] }), "[Digest] statuswatch weekly: 1 incident (2026-11-30)"],
  ])("subject %#", (r, subject) => {
    expect(digestSubject(r)).toBe(subject);
  });
});
