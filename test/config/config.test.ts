import { ConfigError, loadConfig } from "../../src/config";

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a ConfigError");
};

describe("loadConfig", () => {
  it("keeps WEBHOOK_ALLOWLIST entries as prefixes that end their path with a slash", () => {
    const { webhookAllowlist } = loadConfig({ WEBHOOK_ALLOWLIST: " http://127.0.0.1:8080/hooks , https://relay.example.test/ ,," }).notify;
    expect(webhookAllowlist).toEqual(["http://127.0.0.1:8080/hooks/", "https://relay.example.test/"]);
  });

  it("refuses WEBHOOK_ALLOWLIST entries that are not http(s) URL prefixes, naming the entry but not its value", () => {
    const err = failure({ WEBHOOK_ALLOWLIST: "http://ok.test/, ftp://secret-host/x, not-a-url-secret, https://user:pw@h.test/" });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain("WEBHOOK_ALLOWLIST: entry 2 is not an http(s) URL prefix");
    expect(err.message).toContain("entry 3");
    expect(err.message).toContain("entry 4");
    expect(err.message).not.toMatch(/secret|pw@/);
  });

  it("reads SOURCE_ALLOWLIST like WEBHOOK_ALLOWLIST, and HTTP_CONCURRENCY (default 64)", () => {
    const http = loadConfig({ SOURCE_ALLOWLIST: "http://10.0.0.5/status, http://127.0.0.1:9000/" }).http;
    expect(http.allowlist).toEqual(["http://10.0.0.5/status/", "http://127.0.0.1:9000/"]);
    expect(http.concurrency).toBe(64);
    expect(loadConfig({ HTTP_CONCURRENCY: "8" }).http.concurrency).toBe(8);
    expect(failure({ SOURCE_ALLOWLIST: "gopher://secret/" }).message).toContain("SOURCE_ALLOWLIST: entry 1 is not an http(s) URL prefix");
    expect(failure({ HTTP_CONCURRENCY: "0" }).message).toContain("HTTP_CONCURRENCY");
  });

  it("reads NAT64_ALLOWLIST as IPv6 prefixes of RFC 6052 lengths (none by default)", () => {
    expect(loadConfig({}).http.nat64Allowlist).toEqual([]);
    expect(loadConfig({ NAT64_ALLOWLIST: "64:ff9b::/96, 64:ff9b:1:abcd::/64" }).http.nat64Allowlist).toEqual(["64:ff9b::/96", "64:ff9b:1:abcd::/64"]);
    const err = failure({ NAT64_ALLOWLIST: "64:ff9b::/96,10.0.0.0/8,64:ff9b::/100" });
    expect(err.message).toContain("NAT64_ALLOWLIST: entry 2 is not an IPv6 prefix of length 32, 40, 48, 56, 64 or 96");
    expect(err.message).toContain("entry 3");
    expect(err.message).not.toContain("10.0.0.0");
  });

  it("names every invalid variable at once and never echoes a value", () => {
    const err = failure({ PORT: "http-secret", SMTP_URL: "not a url secret", TOKEN_SECRET: "short" });
    expect(err.message).toMatch(/PORT/);
    expect(err.message).toMatch(/SMTP_URL/);
    expect(err.message).toMatch(/TOKEN_SECRET/);
    expect(err.message).not.toContain("secret");
  });
});

describe("DATABASE_URL", () => {
  it.each(["mysql://root:hunter2@db.example/app", "mongodb+srv://u:hunter2@c.example/x", "http://u:hunter2@db.example/x"])(
    "refuses %s at parse, naming the scheme but not the password",
    (url) => {
      const err = failure({ DATABASE_URL: url });
      expect(err).toBeInstanceOf(ConfigError);
      const scheme = url.slice(0, url.indexOf(":") + 1);
      expect(err.message).toBe(`invalid configuration: DATABASE_URL: ${scheme}// is not a Postgres URL; use postgres:// or postgresql://`);
      expect(err.message).not.toContain("hunter2");
    },
  );

  it("accepts postgres:// and postgresql://", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@h:5432/d" }).databaseUrl).toBe("postgres://u:p@h:5432/d");
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@h/d" }).databaseUrl).toBe("postgresql://u:p@h/d");
  });
});

describe("INSTANCE_ID", () => {
  it("defaults to the same id for the same folder and port (a restart recognises its own claims), another for another port", () => {
    const a = loadConfig({ DATA_DIR: "/tmp/sw-a", PORT: "3001" }).instanceId;
    expect(loadConfig({ DATA_DIR: "/tmp/sw-a", PORT: "3001" }).instanceId).toBe(a);
    expect(loadConfig({ DATA_DIR: "/tmp/sw-a", PORT: "3002" }).instanceId).not.toBe(a);
    expect(loadConfig({ DATA_DIR: "/tmp/sw-b", PORT: "3001" }).instanceId).not.toBe(a);
    expect(loadConfig({ INSTANCE_ID: "sw-1" }).instanceId).toBe("sw-1");
  });

  it("refuses an id with spaces or quotes, naming the variable", () => {
    expect(() => loadConfig({ INSTANCE_ID: "a b'" })).toThrow(/INSTANCE_ID/);
  });
});
