import { emailSubject } from "../../src/notify/channels/email";
import { escapeHtml } from "../../src/util/escape-html";
import { channels } from "../../src/notify/channels";
import { escapeMrkdwn } from "../../src/notify/channels/slack";
import { formatDuration, type NotifyMessage } from "../../src/notify/message";
import { scrubDestination } from "../../src/notify/send";
import { urlTextProblem } from "../../src/notify/url-guard";
import { maskUrl } from "../../src/notify/urls";

const message = (over: Partial<NotifyMessage> = {}): NotifyMessage => ({
  eventId: 1,
  kind: "incident_resolved",
  providerId: "anthropic",
  providerName: "Anthropic",
  title: "Elevated errors on Claude API",
  tag: "Resolved",
  transition: "Monitoring → Resolved",
  severity: "recovered",
  impact: "major",
  components: ["API", "Console"],
  latestUpdate: "This incident has been resolved.",
  statusPageUrl: "https://status.anthropic.com/incidents/x",
  statuswatchUrl: "http://sw.test/api/v1/incidents/7",
  durationSeconds: 2 * 3600 + 4 * 60,
  occurredAt: new Date("2026-11-20T12:00:00Z"),
  threadKey: "incident-7",
  startsThread: false,
  ...over,
});
const ctx = {
  publicUrl: "http://sw.test",
  messageId: "<b@sw.test>",
  threadRootId: "<a@sw.test>",
  unsubscribeUrl: "http://sw.test/u?token=t",
  deliveryKey: "e1.s1",
};

describe("message rendering", () => {
  it.each([
    [30, "30s"],
    [60 * 45, "45m"],
    [2 * 3600 + 4 * 60, "2h 4m"],
    [3 * 86400 + 3600, "3d 1h"],
  ])("formats %i seconds as %s", (s, text) => expect(formatDuration(s)).toBe(text));

  it("gives email the documented subject, threading and unsubscribe headers", () => {
    expect(emailSubject(message())).toBe("[Resolved] Anthropic: Elevated errors on Claude API (2h 4m)");
    const mail = channels.email.render(message(), ctx);
    expect(mail).toMatchObject({ messageId: "<b@sw.test>", inReplyTo: "<a@sw.test>", references: ["<a@sw.test>"] });
    expect(mail.headers).toEqual({ "List-Unsubscribe": "<http://sw.test/u?token=t>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("escapes provider text in HTML mail", () => {
    const mail = channels.email.render(message({ title: `<img src=x onerror=alert(1)>`, latestUpdate: `"quoted" & <script>` }), ctx);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(escapeHtml(`<a href="x">'`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;");
  });

  it("renders Slack Block Kit with mrkdwn escaped and text cut to Slack's limits", () => {
    const long = `<@channel> & <!here> ${"x".repeat(5000)}`;
    const payload = channels.slack.render(message({ latestUpdate: long }), ctx);
    const json = JSON.stringify(payload.blocks);
    expect(json).not.toContain("<!here>");
    expect(json).toContain("&lt;!here&gt;");
    expect(json).toContain(":large_green_circle:");
    expect(json).toContain("lasted 2h 4m");
    expect(json).toContain("<http://sw.test/api/v1/incidents/7|In statuswatch>");
    for (const b of payload.blocks as Array<{ type: string; text?: { text: string } }>) {
      if (b.type === "section") expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(150);
    }
    expect(escapeMrkdwn("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
  });

  it("escapes the Slack fallback text too, so a title cannot mention @channel or disguise a link", () => {
    const payload = channels.slack.render(message({ providerName: "Evil <b>Co</b>", title: "<!channel> <https://evil.example|click me> & *bold*" }), ctx);
    expect(payload.text).not.toMatch(/<!channel>|<https:/);
    expect(payload.text).toContain("&lt;!channel&gt; &lt;https://evil.example|click me&gt; &amp; *bold*");
    expect(payload.text).toContain("Evil &lt;b&gt;Co&lt;/b&gt;");
  });

  it("masks webhook URLs and scrubs them from errors", () => {
    const hook = "https://hooks.slack.com/services/T0000AAAA/B1111/secretsecret";
    expect(maskUrl(hook)).toBe("https://hooks.slack.com/services/T000…/****");
    expect(maskUrl("http://127.0.0.1:4000/x")).toBe("http://127.0.0.1:4000/x/****");
    expect(scrubDestination(`failed to reach ${hook}`, { id: 1, channel: "slack", target: hook, config: {} })).not.toContain("secretsecret");
  });

  it.each([
    ["https://hooks.slack.com/services/T/B/x", [], true],
    ["http://hooks.slack.com/services/T/B/x", [], false],
    ["https://hooks.slack.com.evil.test/x", [], false],
    ["https://user:pw@hooks.slack.com/services/x", [], false],
    ["http://127.0.0.1:9/hook", ["http://127.0.0.1:9/"], true],
    ["http://127.0.0.1:99/hook", ["http://127.0.0.1:9/"], false],
    ["http://127.0.0.1:99/hook", ["http://127.0.0.1:9"], false],
    ["http://127.0.0.1:9/hook", ["http://127.0.0.1:9"], true],
    ["http://127.0.0.1:9/hooks/../admin", ["http://127.0.0.1:9/hooks/"], false],
    ["http://127.0.0.1:9/hooks/a/../b", ["http://127.0.0.1:9/hooks/"], true],
    ["http://127.0.0.1:9/hooks/..%2Fadmin", ["http://127.0.0.1:9/hooks/"], false],
    ["http://127.0.0.1:9/hooks/x", ["not a url"], false],
  ])("slack target %s with allowlist %j allowed: %s", (url, allow, ok) => {
    expect(urlTextProblem(url, { allowlist: allow, trustedHosts: ["hooks.slack.com"] }) === undefined).toBe(ok);
  });
});

describe("outage messages on every channel", () => {
  const outage = (kind: NotifyMessage["kind"], over: Partial<NotifyMessage> = {}) =>
    message({
      kind,
      title: "Possible outage — not yet acknowledged by Anthropic",
      tag: "Possible outage",
      transition: "Possible outage — not yet acknowledged by Anthropic",
      severity: "major",
      impact: undefined,
      components: [],
      latestUpdate: "Signals that fired:\n• crowd: 120 reports in 10 min",
      statuswatchUrl: "http://sw.test/outages/4",
      durationSeconds: undefined,
      threadKey: "outage-4",
      startsThread: kind === "outage_suspected",
      outage: { episodeId: 4, signals: ["crowd: 120 reports in 10 min"], votable: kind === "outage_suspected" },
      ...over,
    });
  const voteUrls = { affected: "http://sw.test/outages/vote?token=yes", notAffected: "http://sw.test/outages/vote?token=no" };

  it.each(["slack", "email", "teams", "discord", "googlechat"] as const)("%s carries the signals and the I'm affected / Not affected links", (c) => {
    const rendered = JSON.stringify(channels[c].render(outage("outage_suspected"), { ...ctx, voteUrls }));
    expect(rendered).toContain("Possible outage");
    expect(rendered).toContain("120 reports in 10 min");
    expect(rendered).toContain("token=yes");
    expect(rendered).toContain("token=no");
    expect(JSON.stringify(channels[c].render(outage("outage_suspected"), ctx))).not.toContain("token=yes");
  });

  it("pagerduty triggers on suspected and confirmed and resolves on cleared, under one key per episode", () => {
    const suspected = channels.pagerduty.render(outage("outage_suspected"));
    const confirmed = channels.pagerduty.render(outage("outage_confirmed", { tag: "Outage confirmed" }));
    const cleared = channels.pagerduty.render(outage("outage_cleared", { severity: "recovered", tag: "Outage cleared" }));
    expect([suspected?.event_action, confirmed?.event_action, cleared?.event_action]).toEqual(["trigger", "trigger", "resolve"]);
    expect(new Set([suspected?.dedup_key, confirmed?.dedup_key, cleared?.dedup_key])).toEqual(new Set(["statuswatch:anthropic:outage-4"]));
  });
});
