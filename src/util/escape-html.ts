const SPECIAL = /[&<>"']/;

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most text needs nothing replaced; one test is far cheaper than five replacements (27,000 bar titles on `/`).
  if (!SPECIAL.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A link target from upstream data, or undefined unless it is plain http(s): no `javascript:` or `data:` links. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
