import { classifyAddress, classifyHostname, describeVerdict, disguisedHost, parseNat64Prefix } from "../../src/net/address-policy";

describe("classifyAddress", () => {
  it.each([
    // IPv4
    ["8.8.8.8", undefined],
    ["1.1.1.1", undefined],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", undefined],
    ["192.168.1.1", "private"],
    ["169.254.1.1", "link-local"],
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.128.0.1", undefined],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["203.0.113.9", "reserved"],
    // IPv6
    ["2606:4700::1111", undefined],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["100::1", "reserved"],
    // IPv6 carrying IPv4: judged by the IPv4 address
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::ffff:a00:1", "private"],
    ["::ffff:808:808", undefined],
    ["::ffff:0:7f00:1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::a9fe:a9fe", "metadata"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::808:808", "NAT64"],
    ["64:ff9b:1::1", "NAT64"],
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["2002:808:808::1", undefined],
    // Teredo: client 127.0.0.1 is stored inverted as 80ff:fffe
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"],
    ["not-an-ip", "reserved"],
  ])("%s → %s", (address, expected) => {
    expect(classifyAddress(address).blocked).toBe(expected);
  });

  it("names the IPv4 address an IPv6 one carries", () => {
    expect(describeVerdict(classifyAddress("::ffff:7f00:1"))).toBe("::ffff:7f00:1 (127.0.0.1), a loopback address");
    expect(describeVerdict(classifyAddress("10.0.0.1"))).toBe("10.0.0.1, a private address");
  });
});

describe("classifyHostname, on hostnames as the WHATWG URL parser leaves them", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1", "loopback"],
    ["http://127.1/", "127.0.0.1", "loopback"],
    ["http://0x7f.1/", "127.0.0.1", "loopback"],
    ["http://017700000001/", "127.0.0.1", "loopback"],
    ["http://0/", "0.0.0.0", "unspecified"],
    ["http://[::ffff:127.0.0.1]:8080/", "::ffff:7f00:1", "loopback"],
    ["http://[::ffff:7f00:1]/", "::ffff:7f00:1", "loopback"],
    ["http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe", "metadata"],
    ["http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe", "metadata"],
    ["http://[64:ff9b::127.0.0.1]/", "64:ff9b::7f00:1", "loopback"],
    ["http://[::1]/", "::1", "loopback"],
    ["http://[fd00:ec2::254]/", "fd00:ec2::254", "metadata"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254", "metadata"],
    ["http://LOCALHOST:3000/", "localhost", "local name"],
    ["http://api.localhost/", "api.localhost", "local name"],
    ["http://localhost./", "localhost", "local name"],
    ["http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal", "local name"],
    ["https://status.example.com/", "status.example.com", undefined],
    ["https://8.8.8.8/", "8.8.8.8", undefined],
    ["https://[2606:4700::1111]/", "2606:4700::1111", undefined],
  ])("%s (%s) → %s", (url, address, expected) => {
    const v = classifyHostname(new URL(url).hostname);
    expect(v.address).toBe(address);
    expect(v.blocked).toBe(expected);
  });
});

describe("disguisedHost, on URLs as a user typed them", () => {
  it.each([
    ["http://2130706433:8080/x", "127.0.0.1"],
    ["http://127.1/x", "127.0.0.1"],
    ["http://0x7f.0.0.1/x", "127.0.0.1"],
    ["http://0177.0.0.1/x", "127.0.0.1"],
    ["http://[::ffff:127.0.0.1]/x", "[::ffff:7f00:1]"],
    ["http://[0:0::1]/x", "[::1]"],
    ["http://user@2130706433/x", "127.0.0.1"],
    ["http://127.0.0.1:8080/x", undefined],
    ["http://[::ffff:7f00:1]/x", undefined],
    ["https://hooks.slack.com/services/x", undefined],
    ["https://HOOKS.slack.com/services/x", undefined],
    ["not a url", undefined],
  ])("%s → %s", (raw, canonical) => {
    expect(disguisedHost(raw)).toBe(canonical);
  });
});

describe("NAT64 prefixes allowed as a range (NAT64_ALLOWLIST, for IPv6-only hosts behind DNS64)", () => {
  const prefixes = (...texts: string[]) => ({ nat64: texts.map((t) => parseNat64Prefix(t)!) });
  it.each([
    // address, allowed prefixes, verdict, embedded IPv4
    ["64:ff9b::808:808", [], "NAT64", "8.8.8.8"],
    ["64:ff9b::808:808", ["64:ff9b::/96"], undefined, "8.8.8.8"],
    // Judged by what they carry: a private, loopback or metadata address stays refused.
    ["64:ff9b::7f00:1", ["64:ff9b::/96"], "loopback", "127.0.0.1"],
    ["64:ff9b::a9fe:a9fe", ["64:ff9b::/96"], "metadata", "169.254.169.254"],
    ["64:ff9b::a00:1", ["64:ff9b::/96"], "private", "10.0.0.1"],
    ["64:ff9b::c0a8:101", ["64:ff9b::/96"], "private", "192.168.1.1"],
    // Local-use NAT64 (RFC 8215) only under the operator's own prefix, at its length (/64: bits 64–71 skipped).
    ["64:ff9b:1::808:808", ["64:ff9b::/96"], "NAT64", undefined],
    ["64:ff9b:1:abcd:8:808:800:0", ["64:ff9b:1:abcd::/64"], undefined, "8.8.8.8"],
    ["64:ff9b:1:abcd:7f:0:100:0", ["64:ff9b:1:abcd::/64"], "loopback", "127.0.0.1"],
    ["64:ff9b:1:abcd:7f:0:100:0", [], "NAT64", undefined],
    // A network's own NAT64 prefix in ULA space: only the /96 named.
    ["fd00:64::a9fe:a9fe", ["fd00:64::/96"], "metadata", "169.254.169.254"],
    ["fd00:64::808:808", ["fd00:64::/96"], undefined, "8.8.8.8"],
    ["fd00:65::808:808", ["fd00:64::/96"], "private", undefined],
    // Other addresses are unaffected.
    ["::ffff:7f00:1", ["64:ff9b::/96"], "loopback", "127.0.0.1"],
    ["2606:4700::1111", ["64:ff9b::/96"], undefined, undefined],
  ])("%s under %j → %s", (address, allowed, expected, embedded) => {
    const v = classifyAddress(address, prefixes(...allowed));
    expect([v.blocked, v.embedded]).toEqual([expected, embedded]);
  });

  it("judges a literal host the same way", () => {
    expect(classifyHostname("[64:ff9b::7f00:1]", prefixes("64:ff9b::/96")).blocked).toBe("loopback");
    expect(classifyHostname("[64:ff9b::808:808]", prefixes("64:ff9b::/96")).blocked).toBeUndefined();
    expect(classifyHostname("[64:ff9b::808:808]").blocked).toBe("NAT64");
  });

  it.each([
    ["64:ff9b::/96", true],
    ["64:ff9b:1:abcd::/64", true],
    ["2001:db8::/32", true],
    ["64:ff9b::/95", false],
    ["64:ff9b::/128", false],
    ["10.0.0.0/8", false],
    ["64:ff9b::", false],
    ["nonsense", false],
  ])("parseNat64Prefix(%s) → %s", (text, ok) => {
    expect(parseNat64Prefix(text) !== undefined).toBe(ok);
  });
});
