import { readFileSync } from "node:fs";
import path from "node:path";

export const SAMPLES = path.resolve(__dirname, "../../../shared/samples");
export const readSample = (rel: string) => readFileSync(path.join(SAMPLES, rel), "utf8");
export const sampleJson = (rel: string) => JSON.parse(readSample(rel)) as unknown;
export const iso = (d: Date | undefined) => d?.toISOString();
