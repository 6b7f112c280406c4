import { parseJson } from "../../src/sources/parse/parse-helpers";
import { parseSlack } from "../../src/sources/slack/parse";
import { readSample, sampleJson } from "./sample-files";

describe("Slack Status API documentation samples", () => {
  it("the 'ok' example has no incidents", () => {
    const s = parseSlack(sampleJson("slack/slack-status-v2-current-ok-docs-example.json"));
    expect([s.status, s.statusDescription, s.incidents, s.components]).toEqual(["operational", "ok", [], []]);
  });

  it("the published active example is not JSON and fails clearly", () => {
    const text = readSample("slack/slack-status-v2-current-active-docs-example.NOT-VALID-JSON.txt");
    expect(() => parseSlack(parseJson(text, "Slack current status"))).toThrow(
      expect.objectContaining({ kind: "invalid_payload", message: expect.stringMatching(/^Slack current status is not JSON/) }),
    );
  });
});
