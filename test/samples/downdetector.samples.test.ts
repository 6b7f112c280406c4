import { readReportSignal, snapshotFromReports } from "../../src/sources/downdetector/parse";
import { readSample } from "./sample-files";

describe("downdetector samples", () => {
  it("reads the recorded Google page data: 96 quarter-hour points, DownDetector's warning, what users report", () => {
    const s = readReportSignal(readSample("downdetector/downdetector-google-br-2026-05-12T1455Z-stats-chartData-96pts-EXTRACTED.txt"));
    expect(s.points).toHaveLength(96);
    expect(s.points[0]!.at.toISOString()).toBe("2026-05-11T15:09:58.000Z");
    expect(s.points.at(-1)!.at.toISOString()).toBe("2026-05-12T14:54:58.000Z");
    expect(Math.max(...s.points.map((p) => p.reports))).toBe(9);
    expect(s.pageStatus).toBe("warning");
    expect(s.indicators.map((i) => i.name)).toEqual(["Content won't load", "Website", "App", "Feeds"]);
    const snap = snapshotFromReports(s);
    expect(snap.components[0]!.status).toBe("degraded_performance");
    expect(snap.statusDescription).toBe("4 user reports in the latest interval (usually 2); most reported: Content won't load (44 %)");
  });
});
