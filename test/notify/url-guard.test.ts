import { NetClient } from "../../src/net";
import { guardUrl, urlTextProblem } from "../../src/notify/url-guard";
import { fakeDns } from "../support/dns";

/** Names the test controls; anything else does not resolve. Address classification itself is net's (test/net/address-policy.test.ts). */
const net = new NetClient({
  resolver: fakeDns({
    "public.example": ["93.184.216.34"],
    "rebind.example": ["93.184.216.34", "10.1.2.3"],
    "metadata.example": ["169.254.169.254"],
    "v6.example": ["2606:4700::1111"],
    "v6-local.example": ["fd00::1"],
    "events.pagerduty.com": ["3.3.3.3"],
  }),
});
const open = { allowlist: [] as string[] };

afterAll(() => net.close());

describe("the URL guard every channel's URLs pass (net's checks)", () => {
  it.each([
    ["https://127.0.0.1/hook", "127.0.0.1 is a loopback address; refused"],
    ["https://[::1]/hook", "::1 is a loopback address; refused"],
    ["https://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address; refused"],
    ["https://[fd00:ec2::254]/", "refused"],
    ["https://localhost/hook", "localhost is a name for this machine or a metadata service; refused"],
    ["https://metadata.google.internal/computeMetadata/v1", "refused"],
  ])("refuses %s by its text", async (url, why) => {
    const v = await guardUrl(url, open, { net });
    expect(v).toEqual({ ok: false, reason: expect.stringContaining(why) });
    expect(!v.ok && v.reason).toContain("address checks refuse");
  });

  it.each([
    ["https://2130706433/hook", "127.0.0.1"],
    ["https://0x7f.1/hook", "127.0.0.1"],
    ["https://127.1/hook", "127.0.0.1"],
    ["https://017700000001/hook", "127.0.0.1"],
    ["https://[::ffff:127.0.0.1]/hook", "[::ffff:7f00:1]"],
  ])("refuses the address in disguise %s, naming its canonical form", async (url, canonical) => {
    const v = await guardUrl(url, open, { net });
    expect(v).toEqual({ ok: false, reason: expect.stringContaining(`written in disguise (it is ${canonical})`) });
  });

  it.each(["https://metadata.example/hook", "https://rebind.example/hook", "https://v6-local.example/hook"])(
    "refuses %s, a name with a private answer, without saying the address",
    async (url) => {
      const v = await guardUrl(url, open, { net });
      expect(v).toEqual({ ok: false, reason: expect.stringContaining("resolves to a private, loopback or metadata address") });
      expect(!v.ok && v.reason).not.toMatch(/10\.1\.2\.3|169\.254|fd00/);
    },
  );

  it.each([
    ["http://public.example/hook", "must be an https URL"],
    ["ftp://public.example/hook", "must be an http(s) URL"],
    ["https://user:pw@public.example/hook", "user name or password"],
    ["https://public.example/a/..%2Fb", "encoded slashes"],
    ["not a url", "is not a URL"],
  ])("refuses %s", async (url, reason) => {
    const v = await guardUrl(url, open, { net });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toContain(reason);
  });

  it("allows public addresses and names resolving only there", async () => {
    expect(await guardUrl("https://public.example/hook", open, { net })).toEqual({ ok: true });
    expect(await guardUrl("https://v6.example/hook", open, { net })).toEqual({ ok: true });
    expect(await guardUrl("https://8.8.8.8/hook", open, { net })).toEqual({ ok: true });
  });

  it("allows private targets only under WEBHOOK_ALLOWLIST, by origin and folder, and never in disguise", async () => {
    const allow = { allowlist: ["http://127.0.0.1:9000/hooks/"] };
    expect(await guardUrl("http://127.0.0.1:9000/hooks/x", allow, { net })).toEqual({ ok: true });
    expect((await guardUrl("http://127.0.0.1:9000/admin", allow, { net })).ok).toBe(false);
    expect((await guardUrl("http://127.0.0.1:9000/hooks/../admin", allow, { net })).ok).toBe(false);
    expect((await guardUrl("http://127.0.0.1:9001/hooks/x", allow, { net })).ok).toBe(false);
    expect(await guardUrl("http://2130706433:9000/hooks/x", allow, { net })).toEqual({
      ok: false,
      reason: expect.stringContaining("written in disguise (it is 127.0.0.1)"),
    });
  });

  it("keeps a vendor channel on the vendor's hosts", async () => {
    const pd = { allowlist: [], trustedHosts: [".pagerduty.com"] };
    expect(await guardUrl("https://events.pagerduty.com/v2/enqueue", pd, { net })).toEqual({ ok: true });
    expect((await guardUrl("https://pagerduty.com.evil.example/v2/enqueue", pd, { net })).ok).toBe(false);
    expect((await guardUrl("https://public.example/v2/enqueue", pd, { net })).ok).toBe(false);
  });

  it("refuses a name that does not exist; lets a lookup that times out or fails on the resolver's side through, said so", async () => {
    expect(await guardUrl("https://nowhere.example/hook", open, { net })).toEqual({
      ok: false,
      reason: "has a host name that does not resolve: nowhere.example could not be resolved (ENOTFOUND)",
      retryable: true,
    });
    const slow = new NetClient({ resolver: () => new Promise(() => undefined) });
    const failing = new NetClient({ resolver: async () => Promise.reject(Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" })) });
    try {
      const started = Date.now();
      expect(await guardUrl("https://slow.example/hook", open, { net: slow, resolveTimeoutMs: 200 })).toEqual({
        ok: true,
        unresolved: "slow.example did not resolve within 200 ms",
      });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await guardUrl("https://flaky.example/hook", open, { net: failing, resolveTimeoutMs: 200 })).toEqual({
        ok: true,
        unresolved: "flaky.example could not be resolved (EAI_AGAIN)",
      });
    } finally {
      await Promise.all([slow.close(), failing.close()]);
    }
  });

  it("judges only the text without a client (before every send; the connection is checked by the NetClient)", async () => {
    expect(await guardUrl("https://rebind.example/hook", open)).toEqual({ ok: true });
    expect(urlTextProblem("https://10.0.0.1/hook", open)).toContain("10.0.0.1 is a private address; refused");
  });
});
