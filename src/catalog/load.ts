import fs from "node:fs";
import type { z } from "zod";
import { ConfigError } from "../config";
import { signalKind } from "../outages/signal-kinds";
import { SOURCE_KINDS, sourceKind } from "../sources/registry";
import type { ProviderEntry, SignalEntry } from "../sources/types";
import { BUILTIN_CATALOG } from "./builtin";
import { RawEntrySchema, type RawSignalSchema } from "./entry-schema";
import { locateJsonError } from "./json-error";

export interface CatalogProblem {
  /** The entry's id when it has one, else its position in the list. */
  entry: string;
  field: string;
  message: string;
}

export interface Catalog {
  entries: ProviderEntry[];
  problems: CatalogProblem[];
}

export class CatalogFileError extends ConfigError {
  override name = "CatalogFileError";
}

function issuesOf(error: z.ZodError, entry: string, prefix: string[] = []): CatalogProblem[] {
  return error.issues.map((i) => ({ entry, field: [...prefix, ...i.path.map(String)].join(".") || "(entry)", message: i.message }));
}

/** Checks each signal's kind and options; the first bad one is the answer (as in a catalog entry, all or nothing). */
export function validateSignals(raw: RawSignal[], entry: string, intervalSeconds: number): SignalEntry[] | { problems: CatalogProblem[] } {
  const signals: SignalEntry[] = [];
  for (const [i, sig] of raw.entries()) {
    const sk = signalKind(sig.kind);
    if (!sk) return { problems: [{ entry, field: `signals.${i}.kind`, message: `unknown signal kind "${sig.kind}"` }] };
    const so = sk.options.safeParse(sig.options ?? {});
    if (!so.success) return { problems: issuesOf(so.error, entry, ["signals", String(i), "options"]) };
    signals.push({
      kind: sig.kind,
      url: sig.url,
      options: so.data as Record<string, unknown>,
      pollIntervalSeconds: sig.pollIntervalSeconds ?? intervalSeconds,
    });
  }
  return signals;
}

/**
 * Validates entries one by one: a bad entry is reported by id and field and left out, and every
 * good one still runs. Duplicate ids keep the first entry.
 */
export function validateCatalog(raw: unknown[], defaultIntervalSeconds: number): Catalog {
  const entries: ProviderEntry[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const label = typeof (item as { id?: unknown })?.id === "string" ? String((item as { id: string }).id) : `#${index}`;
    const parsed = RawEntrySchema.safeParse(item);
    if (!parsed.success) return void problems.push(...issuesOf(parsed.error, label));
    const e = parsed.data;
    if (seen.has(e.id)) return void problems.push({ entry: e.id, field: "id", message: "duplicate id; the first entry is used" });
    const kind = sourceKind(e.kind);
    if (!kind)
      return void problems.push({ entry: e.id, field: "kind", message: `unknown kind "${e.kind}"; valid kinds: ${Object.keys(SOURCE_KINDS).join(", ")}` });
    const options = kind.options.safeParse(e.options ?? {});
    if (!options.success) return void problems.push(...issuesOf(options.error, e.id, ["options"]));
    const checked = validateSignals(e.signals ?? [], e.id, e.pollIntervalSeconds ?? defaultIntervalSeconds);
    if (!Array.isArray(checked)) return void problems.push(...checked.problems);
    const signals = checked;
    if (e.enabled === false) return;
    seen.add(e.id);
    entries.push({
      id: e.id,
      name: e.name,
      kind: e.kind,
      url: e.url,
      pollIntervalSeconds: e.pollIntervalSeconds ?? defaultIntervalSeconds,
      category: e.category,
      components: e.components,
      options: options.data,
      ...(e.sla ? { sla: e.sla } : {}),
      ...(e.capabilities?.length ? { capabilities: e.capabilities } : {}),
      ...(e.alternatives?.length ? { alternatives: e.alternatives } : {}),
      ...(signals.length ? { signals } : {}),
    });
  });
  return { entries, problems };
}

/** The entries of PROVIDERS_FILE, or without one the built-in catalog (the pick list); a file that is not a JSON array is fatal. */
export function loadCatalog(providersFile: string | undefined, defaultIntervalSeconds: number): Catalog {
  if (!providersFile) return validateCatalog(BUILTIN_CATALOG, defaultIntervalSeconds);
  let text: string;
  try {
    text = fs.readFileSync(providersFile, "utf8");
  } catch (err) {
    throw new CatalogFileError(`PROVIDERS_FILE ${providersFile} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const place = locateJsonError(text);
    throw new CatalogFileError(
      `PROVIDERS_FILE ${providersFile} is not valid JSON: ${place ? `line ${place.line}, column ${place.column}: ${place.reason}` : "it cannot be parsed"}`,
    );
  }
  if (!Array.isArray(raw)) throw new CatalogFileError(`PROVIDERS_FILE ${providersFile} must hold a JSON array of providers`);
  const catalog = validateCatalog(raw, defaultIntervalSeconds);
  // Starting with nothing to watch because of typos would look like a quiet day; say so instead.
  if (catalog.entries.length === 0 && catalog.problems.length > 0) {
    const reasons = catalog.problems.slice(0, MAX_REASONS).map((p) => `${p.entry} ${p.field}: ${p.message}`);
    const more = catalog.problems.length > MAX_REASONS ? `; and ${catalog.problems.length - MAX_REASONS} more` : "";
    throw new CatalogFileError(`PROVIDERS_FILE ${providersFile} has no valid provider: ${reasons.join("; ")}${more}`);
  }
  return catalog;
}

const MAX_REASONS = 10;

type RawSignal = z.infer<typeof RawSignalSchema>;
