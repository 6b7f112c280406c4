import { parseAzureFeed } from "../../src/sources/azure/parse";
import { iso, readSample } from "./sample-files";

describe("Azure status RSS sample (2022-09-07, CRLF)", () => {
  it("reads the Front Door event as an open incident on two services", async () => {
    const s = await parseAzureFeed(readSample("azure/azure-status-rss-2022-09-07T1916Z-afd-connectivity-issues.xml"));
    const [i] = s.incidents;
    expect([i!.externalId, i!.title, i!.status, iso(i!.startedAt), i!.components]).toEqual([
      "azure-front-door-connectivity-issues@2022-09-07",
      "Azure Front Door - Connectivity issues",
      "investigating",
      "2022-09-07T16:10:40.000Z",
      ["Content Delivery Network", "Microsoft Azure portal"],
    ]);
    const body = i!.updates[0]!.body;
    expect(body).toMatch(/^Impact statement: Starting at 16:10 UTC on 07 Sep 2022/);
    expect(body).toContain("customers’ ability");
    expect(body).toContain("connectivity issues. These issues");
    expect(body).toMatch(/Regions: Australia Central, .*Public Non-Regional, .*West US 2$/);
    expect(s.components.map((c) => [c.name, c.status])).toEqual([
      ["Content Delivery Network", "partial_outage"],
      ["Microsoft Azure portal", "partial_outage"],
    ]);
  });
});
