export { type Attempt, type DetectOptions, type Detected, detectSource, normalizePageUrl, type NotDetected } from "./detect";
export { feedLinks, statusioPageId } from "./signatures";
