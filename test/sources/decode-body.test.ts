import { decodeBody } from "../../src/sources/fetch/decode-body";
import { parseJson } from "../../src/sources/parse/parse-helpers";
import { startServer } from "../support/http-server";
import { testHttp } from "../support/providers";

const doc = '[{"summary":"Increased error rates – “S3”","date":"1700000000"}]';
const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();
const withBom = (bom: number[], body: Buffer) => Buffer.concat([Buffer.from(bom), body]);

describe("decodeBody", () => {
  it.each([
    ["UTF-8", Buffer.from(doc, "utf8"), ""],
    ["UTF-8 with a BOM", withBom([0xef, 0xbb, 0xbf], Buffer.from(doc, "utf8")), "application/json"],
    ["UTF-16BE with a BOM (AWS Health)", withBom([0xfe, 0xff], utf16be(doc)), "application/json;charset=utf-16"],
    ["UTF-16LE with a BOM", withBom([0xff, 0xfe], Buffer.from(doc, "utf16le")), "application/json"],
    ["UTF-16BE named by the charset, no BOM", utf16be(doc), "application/json; charset=UTF-16BE"],
    ["UTF-16 named by the charset, no BOM, big-endian", utf16be(doc), "application/json; charset=utf-16"],
    ["UTF-16 named by the charset, no BOM, little-endian", Buffer.from(doc, "utf16le"), "application/json; charset=utf-16"],
  ])("reads %s", (_what, bytes, contentType) => {
    const text = decodeBody(bytes, contentType);
    expect(text).toBe(doc);
    expect(parseJson(text, "doc")).toEqual([{ summary: "Increased error rates – “S3”", date: "1700000000" }]);
  });

  it("reads a Latin-1 feed by its XML declaration or its charset", () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf\u00e9 status</title></channel></rss>';
    expect(decodeBody(Buffer.from(xml, "latin1"))).toContain("Café status");
    expect(decodeBody(Buffer.from("Caf\u00e9", "latin1"), "text/plain; charset=iso-8859-1")).toBe("Café");
  });

  it("falls back to UTF-8 for an unknown charset", () => {
    expect(decodeBody(Buffer.from("ok ✓", "utf8"), "text/plain; charset=x-unheard-of")).toBe("ok ✓");
  });
});

describe("parseJson", () => {
  it("accepts a leading byte-order mark", () => {
    expect(parseJson('\ufeff{"a":1}', "doc")).toEqual({ a: 1 });
  });
});

describe("HttpFetcher", () => {
  it("decodes a UTF-16 body with a BOM served over HTTP", async () => {
    const server = await startServer(
      (_req, res) => void res.writeHead(200, { "content-type": "application/json;charset=utf-16" }).end(withBom([0xfe, 0xff], utf16be(doc))),
    );
    try {
      const got = await testHttp().get({ url: `${server.url}/currentevents` });
      expect(got.kind).toBe("body");
      expect(got.kind === "body" && got.body).toBe(doc);
    } finally {
      await server.close();
    }
  });
});
