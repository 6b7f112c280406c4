import { guardUrl, isBlockedAddress } from "../../src/notify/url-guard";

/** A resolver that knows a few names; anything else does not resolve. */
const names: Record<string, string[]> = {
  "public.example": ["93.184.216.34"],
  "rebind.example": ["93.184.216.34", "10.1.2.3"],
  "metadata.example": ["169.254.169.254"],
  "v6.example": ["2606:4700::1111"],
  "v6-local.example": ["fd00::1"],
};
const resolve = async (host: string) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found;
};
const open = { allowlist: [] as string[] };

describe("the URL guard every channel's URLs pass", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["10.0.0.1", true],
    ["172.20.1.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["8.8.8.8", false],
    ["93.184.216.34", false],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["fd00:ec2::254", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:a9fe:a9fe", true],
    ["::127.0.0.1", true],
    ["64:ff9b::a00:1", true],
    ["64:ff9b::808:808", false],
    ["::ffff:8.8.8.8", false],
    ["2606:4700::1111", false],
  ])("address %s is blocked: %s", (ip, blocked) => {
    expect(isBlockedAddress(ip)).toBe(blocked);
  });

  it.each([
    ["https://127.0.0.1/hook", "literal loopback"],
    ["https://2130706433/hook", "decimal form of 127.0.0.1"],
    ["https://0x7f.1/hook", "hex short form"],
    ["https://127.1/hook", "short form"],
    ["https://017700000001/hook", "octal form"],
    ["https://[::ffff:127.0.0.1]/hook", "IPv4-mapped IPv6"],
    ["https://[::1]/hook", "IPv6 loopback"],
    ["https://169.254.169.254/latest/meta-data", "cloud metadata"],
    ["https://[fd00:ec2::254]/", "AWS IPv6 metadata"],
    ["https://localhost/hook", "localhost"],
    ["https://metadata.google.internal/computeMetadata/v1", "GCP metadata name"],
    ["https://metadata.example/hook", "a name resolving to metadata"],
    ["https://rebind.example/hook", "a name with one private answer"],
    ["https://v6-local.example/hook", "a name resolving to a private IPv6 address"],
  ])("refuses %s (%s)", async (url) => {
    const v = await guardUrl(url, open, { resolve });
    expect(v).toEqual({ ok: false, reason: expect.stringContaining("private, loopback or metadata") });
  });

  it.each([
    ["http://public.example/hook", "must be an https URL"],
    ["ftp://public.example/hook", "must be an http(s) URL"],
    ["https://user:pw@public.example/hook", "user name or password"],
    ["https://public.example/a/..%2Fb", "encoded slashes"],
    ["not a url", "is not a URL"],
  ])("refuses %s", async (url, reason) => {
    const v = await guardUrl(url, open, { resolve });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toContain(reason);
  });

  it("allows public addresses and names resolving only there", async () => {
    expect(await guardUrl("https://public.example/hook", open, { resolve })).toEqual({ ok: true });
    expect(await guardUrl("https://v6.example/hook", open, { resolve })).toEqual({ ok: true });
    expect(await guardUrl("https://8.8.8.8/hook", open, { resolve })).toEqual({ ok: true });
  });

  it("allows private targets only under WEBHOOK_ALLOWLIST, by origin and folder", async () => {
    const allow = { allowlist: ["http://127.0.0.1:9000/hooks/"] };
    expect(await guardUrl("http://127.0.0.1:9000/hooks/x", allow, { resolve })).toEqual({ ok: true });
    expect((await guardUrl("http://127.0.0.1:9000/admin", allow, { resolve })).ok).toBe(false);
    expect((await guardUrl("http://127.0.0.1:9000/hooks/../admin", allow, { resolve })).ok).toBe(false);
    expect((await guardUrl("http://127.0.0.1:9001/hooks/x", allow, { resolve })).ok).toBe(false);
    expect((await guardUrl("http://2130706433:9000/hooks/x", allow, { resolve })).ok).toBe(true);
  });

  it("keeps a vendor channel on the vendor's hosts", async () => {
    const pd = { allowlist: [], trustedHosts: [".pagerduty.com"] };
    expect(await guardUrl("https://events.pagerduty.com/v2/enqueue", pd, { resolve: async () => ["3.3.3.3"] })).toEqual({ ok: true });
    expect((await guardUrl("https://pagerduty.com.evil.example/v2/enqueue", pd, { resolve })).ok).toBe(false);
    expect((await guardUrl("https://public.example/v2/enqueue", pd, { resolve })).ok).toBe(false);
  });

  it("stores a name that does not resolve now, but refuses to send to it (retryably)", async () => {
    expect(await guardUrl("https://nowhere.example/hook", open, { resolve, unresolvedOk: true })).toEqual({ ok: true });
    expect(await guardUrl("https://nowhere.example/hook", open, { resolve })).toEqual({ ok: false, reason: expect.stringContaining("does not resolve"), retryable: true });
  });
});
