import { escapeHtml as h } from "../util/escape-html";
import { frame } from "./parts";

/** A person who followed a shared link gets a page, not problem+json: what went wrong and where to go. */
export function renderErrorPage(p: { status: number; title: string; detail?: string }, back: { href: string; text: string }): string {
  return frame({
    title: `${p.title} · statuswatch`,
    heading: h(`${p.status} ${p.title}`),
    summary: h(p.status === 404 ? "The address may be mistyped, or what it named was removed." : "This address is not one statuswatch makes."),
    main: `<section id="error" aria-labelledby="h-error" data-status="${p.status}"><h2 id="h-error">${h(p.status === 404 ? "Nothing here" : "This address is not right")}</h2><p>${h(p.detail ?? p.title)}</p><p><a href="${h(back.href)}">${h(back.text)}</a> · <a href="/">← all providers</a></p></section>`,
  });
}
