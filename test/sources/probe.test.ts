import { probe } from "../../src/sources/probe";
import { judgeProbes } from "../../src/sources/probe/parse";
import { startServer } from "../support/http-server";
import { entry, testHttp } from "../support/providers";

const ctx = () => ({ http: testHttp(), validators: {}, now: new Date() });

describe("judgeProbes", () => {
  const url = "https://api.example.test/health";
  it.each([
    [
      "every attempt answering quickly",
      [
        { status: 200, ms: 80 },
        { status: 204, ms: 95 },
        { status: 301, ms: 70 },
      ],
      "operational",
      "3/3 answered, median 80 ms",
    ],
    [
      "slow answers",
      [
        { status: 200, ms: 2500 },
        { status: 200, ms: 2600 },
        { status: 200, ms: 90 },
      ],
      "degraded_performance",
      "3/3 answered, median 2500 ms",
    ],
    [
      "some attempts failing",
      [
        { status: 200, ms: 80 },
        { status: 503, ms: 20 },
        { error: "ECONNRESET", ms: 5 },
      ],
      "partial_outage",
      "2/3 failed: HTTP 503, ECONNRESET",
    ],
    [
      "every attempt failing",
      [
        { error: "timeout after 5000 ms", ms: 5000 },
        { error: "timeout after 5000 ms", ms: 5000 },
      ],
      "major_outage",
      "2/2 failed: timeout after 5000 ms",
    ],
  ])("judges %s as %s", (_what, results, status, description) => {
    const s = judgeProbes(url, results, {});
    expect(s.status).toBe(status);
    expect(s.statusDescription).toBe(description);
    expect(s.components).toEqual([{ externalId: "probe", name: "Probe api.example.test", status, description }]);
  });

  it("counts only the expected statuses as answering when the entry names them", () => {
    expect(judgeProbes(url, [{ status: 401, ms: 10 }], { expectStatus: [401] }).status).toBe("operational");
    expect(judgeProbes(url, [{ status: 200, ms: 10 }], { expectStatus: [401] }).status).toBe("major_outage");
  });
});

describe("probe source over HTTP", () => {
  it("calls the endpoint the configured number of times and never fails the poll when it is down", async () => {
    let hits = 0;
    const server = await startServer((_req, res) => {
      hits++;
      res.writeHead(hits === 2 ? 503 : 200).end("ok");
    });
    try {
      const result = await probe.poll(entry("api-probe", "probe", `${server.url}/health`, { attempts: 3, component: "Chat API" }), ctx());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(hits).toBe(3);
      expect(result.snapshot.components).toEqual([{ externalId: "probe", name: "Chat API", status: "partial_outage", description: "1/3 failed: HTTP 503" }]);
    } finally {
      await server.close();
    }
    // The server is gone now: connection refused on every attempt is a major outage, not a poll failure.
    const down = await probe.poll(entry("api-probe", "probe", `${server.url}/health`, { attempts: 2, timeoutMs: 1000 }), ctx());
    if (down.kind !== "snapshot") throw new Error("expected a snapshot");
    expect(down.snapshot.status).toBe("major_outage");
    expect(down.snapshot.statusDescription).toMatch(/^2\/2 failed: ECONNREFUSED/);
  });

  it("reports a URL it cannot even request as a failure", async () => {
    const result = await testHttp()
      .probe("http://[::1", { method: "GET", timeoutMs: 500 })
      .catch((e: Error) => ({ thrown: e.message }));
    expect(result).toMatchObject({ error: expect.any(String) });
  });

  it("times out a hanging endpoint", async () => {
    const server = await startServer(() => undefined);
    try {
      const result = await probe.poll(entry("slow", "probe", `${server.url}/`, { attempts: 1, timeoutMs: 200 }), ctx());
      if (result.kind !== "snapshot") throw new Error("expected a snapshot");
      expect(result.snapshot.statusDescription).toBe("1/1 failed: timeout after 200 ms");
    } finally {
      await server.close();
    }
  });
});
