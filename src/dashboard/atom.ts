import type { RecentEvent } from "../services/dashboard";
import { escapeHtml } from "../util/escape-html";
import { changeHref, changeInWords } from "./changes";

/** XML text: escaped, and without the control characters XML 1.0 forbids (an upstream title may carry them). */
export function xml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ""));
}

/** The aggregated timeline as Atom: one entry per recent change, newest first, linking to our pages. */
export function renderAtom(opts: { publicUrl: string; selfPath: string; title: string; events: RecentEvent[]; now: Date }): string {
  const updated = (opts.events[0]?.recordedAt ?? opts.now).toISOString();
  const entries = opts.events.map((e) => {
    const href = `${opts.publicUrl}${changeHref(e)}`;
    return `<entry><id>${xml(`${opts.publicUrl}/events/${e.id}`)}</id><title type="text">${xml(`${e.providerName} — ${changeInWords(e)}`)}</title><updated>${e.recordedAt.toISOString()}</updated><published>${e.at.toISOString()}</published><link rel="alternate" type="text/html" href="${xml(href)}"/><author><name>${xml(e.providerName)}</name></author><category term="${xml(e.kind)}"/><summary type="text">${xml(changeInWords(e))}</summary></entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${xml(opts.publicUrl + opts.selfPath)}</id><title type="text">${xml(opts.title)}</title><updated>${updated}</updated><link rel="self" type="application/atom+xml" href="${xml(opts.publicUrl + opts.selfPath)}"/><link rel="alternate" type="text/html" href="${xml(opts.publicUrl + "/")}"/><generator>statuswatch</generator>
${entries.join("\n")}
</feed>
`;
}
