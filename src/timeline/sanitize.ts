import type { Snapshot } from "../domain/snapshot";
import { safeHref } from "../util/escape-html";

/**
 * Postgres text cannot hold U+0000; one such byte in a page would fail every later poll. Copies only
 * what holds one: a first sync of a big page is thousands of strings, nearly always clean.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withoutNul(value[i]);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return (copy ?? value) as T;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    let copy: Record<string, unknown> | undefined;
    for (const k of Object.keys(value)) {
      const was = (value as Record<string, unknown>)[k];
      const v = withoutNul(was);
      if (v !== was) (copy ??= { ...(value as Record<string, unknown>) })[k] = v;
    }
    return (copy ?? value) as T;
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
