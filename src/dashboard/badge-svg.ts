import { xml as escapeHtml } from "./atom";
import { STATUS_LABEL } from "./parts";

const COLOUR: Record<string, string> = {
  operational: "#1f7a3d",
  degraded_performance: "#8a6a00",
  partial_outage: "#b35400",
  major_outage: "#b71c1c",
  under_maintenance: "#1f56b3",
  unknown: "#5c6370",
};

/** A rough width for 11 px Verdana-like text; badges only need to be close. */
const width = (s: string) => Math.ceil([...s].length * 6.6) + 12;

/** A shields-style status badge; the label comes from upstream and is escaped. */
export function renderBadge(label: string, status: string, unreadable: boolean): string {
  const key = STATUS_LABEL[status] ? status : "unknown";
  const value = unreadable ? `${STATUS_LABEL[key]!.toLowerCase()} (stale)` : STATUS_LABEL[key]!.toLowerCase();
  const shown = [...label].length > 40 ? `${[...label].slice(0, 39).join("")}…` : label;
  const lw = width(shown);
  const vw = width(value);
  const colour = unreadable ? COLOUR.unknown : COLOUR[key];
  const l = escapeHtml(shown);
  const v = escapeHtml(value);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${l}: ${v}"><title>${l}: ${v}</title><rect width="${lw}" height="20" fill="#444"/><rect x="${lw}" width="${vw}" height="20" fill="${colour}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">${l}</text><text x="${lw + 6}" y="14">${v}</text></g></svg>`;
}
