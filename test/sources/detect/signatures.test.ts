import { feedLinks, normalizePageUrl, statusioPageId } from "../../../src/sources/detect";

describe("feedLinks (RSS/Atom autodiscovery)", () => {
  it.each([
    ['<link rel="alternate" type="application/rss+xml" href="/history.rss">', ["https://status.acme.test/history.rss"]],
    ["<LINK type='application/atom+xml' REL='alternate' href='https://feeds.acme.test/a.atom'>", ["https://feeds.acme.test/a.atom"]],
    ['<link rel="alternate stylesheet" type="application/rss+xml" href="feed?a=1&amp;b=2">', ["https://status.acme.test/feed?a=1&b=2"]],
    ['<link rel="stylesheet" type="text/css" href="/a.css"><link rel="alternate" type="text/html" href="/fr">', []],
    ['<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', []],
    [
      '<link rel="alternate" type="application/rss+xml" href="/x.rss"><link rel="alternate" type="application/rss+xml" href="/x.rss">',
      ["https://status.acme.test/x.rss"],
    ],
  ])("%s", (html, expected) => {
    expect(feedLinks(html, "https://status.acme.test/")).toEqual(expected);
  });
});

describe("statusioPageId", () => {
  it.each([
    ['<link rel="alternate" type="application/rss+xml" href="https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss">', "5b36dc6502d06804c08349f7"],
    ['<a href="/pages/history/5b36dc6502d06804c08349f7">History</a>', "5b36dc6502d06804c08349f7"],
    ['fetch("https://api.status.io/1.0/status/5b36dc6502d06804c08349f7")', "5b36dc6502d06804c08349f7"],
    ['<a href="/pages/about">', undefined],
  ])("%s", (html, expected) => {
    expect(statusioPageId(html)).toBe(expected);
  });
});

describe("normalizePageUrl", () => {
  it.each([
    ["https://status.acme.test/", "https://status.acme.test"],
    ["  https://status.acme.test/?utm_source=x#top ", "https://status.acme.test"],
    ["https://kuma.acme.test/status/acme/", "https://kuma.acme.test/status/acme"],
    ["ftp://status.acme.test", undefined],
    ["https://user:pw@status.acme.test", undefined],
    ["status.acme.test", undefined],
  ])("%s → %s", (raw, expected) => {
    expect(normalizePageUrl(raw)).toBe(expected);
  });
});
