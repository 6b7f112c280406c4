import { escapeHtml as h } from "../../util/escape-html";

type Json = Record<string, any>;

function typeOf(s: Json | undefined): string {
  if (!s) return "";
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  return [
    s.type ?? "any",
    s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : "",
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** A readable, script-free rendering of the OpenAPI document: every route, its parameters, body and answers. */
export function docsPage(doc: Json): string {
  const sections = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
    Object.entries(ops as Json).map(([method, op]: [string, Json]) => {
      const params = (op.parameters ?? []) as Json[];
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const answers = Object.entries(op.responses as Json)
        .map(([status, r]: [string, Json]) => {
          const [type, media] = Object.entries((r.content ?? {}) as Json)[0] ?? [];
          return `<li><b>${h(status)}</b> ${h(r.description)}${type ? ` <code>${h(type)}</code><details><summary>schema</summary><pre>${h(JSON.stringify(media.schema, null, 2))}</pre></details>` : ""}</li>`;
        })
        .join("");
      return `<section id="${h(`${method}-${path}`)}"><h3><span class="m">${h(method.toUpperCase())}</span> <code>${h(path)}</code>${op.security ? " <small>Bearer API_KEY</small>" : ""}</h3><p>${h(op.summary)}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th></tr>${params.map((p) => `<tr><td><code>${h(p.name)}</code></td><td>${h(p.in)}</td><td>${h(typeOf(p.schema))}</td><td>${p.required ? "yes" : ""}</td></tr>`).join("")}</table>` : ""}
${body ? `<details><summary>request body (application/json)</summary><pre>${h(JSON.stringify(body, null, 2))}</pre></details>` : ""}
<ul>${answers}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>statuswatch API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}section{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4rem;font-family:monospace;color:#fff;background:#456;padding:0 .3rem;border-radius:3px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:24rem}</style></head>
<body><h1>${h(doc.info.title)} API ${h(doc.info.version)}</h1><p>${h(doc.info.description)}</p><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI ${h(doc.openapi)}).</p>
${sections.join("\n")}</body></html>`;
}
