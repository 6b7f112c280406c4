import type { Snapshot } from "../domain/snapshot";
import { safeHref } from "../util/escape-html";

/** Postgres text cannot hold U+0000; one such byte in a page would fail every later poll. */
function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  }
  return value;
}

/**
 * What a page says, made safe to store and to show: NUL characters removed, and links other than
 * http(s) dropped (a `javascript:` link would otherwise reach emails and Slack). Pure.
 */
export function sanitizeSnapshot(snapshot: Snapshot): Snapshot {
  const s = withoutNul(snapshot);
  return {
    ...s,
    incidents: s.incidents.map((i) => ({ ...i, url: safeHref(i.url) })),
    maintenances: s.maintenances.map((m) => ({ ...m, url: safeHref(m.url) })),
  };
}
