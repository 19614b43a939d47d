// A few schedules that fan out per-workspace jobs; never a line per customer.
import { parseCrontab } from "graphile-worker";

export function crontab() {
  const lines: string[] = [];
  return parseCrontab(lines.join("\n"));
}
