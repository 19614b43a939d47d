// A few schedules that fan out per-workspace jobs; never a line per customer.
import { parseCrontab } from "graphile-worker";

export function crontab() {
  const lines = [
    // Every minute: queue the syncs that have come due (each workspace every
    // SYNC_INTERVAL_MINUTES, counted from its own last sync, so they spread
    // out) and recover Xero jobs of crashed workers. `fill=2m` makes up a tick
    // missed while no worker was running.
    "* * * * * workspace_syncs_schedule ?fill=2m&max=1",
    // Every 5 minutes: plan the reminders that have come due in each live
    // workspace's send window (one set-based query, cheap when nothing is due).
    "*/5 * * * * reminders_plan ?fill=4m&max=1",
    // Every 5 minutes: prepared reminder emails whose send job is gone (retries spent in a long SMTP
    // outage, or held for refused credentials) are queued again or recorded failed with a reason.
    "2,7,12,17,22,27,32,37,42,47,52,57 * * * * reminder_emails_sweep ?fill=4m&max=1",
    // Hourly: sessions past their end are deleted (signing in clears only that user's).
    "41 * * * * sessions_sweep ?max=1",
  ];
  return parseCrontab(lines.join("\n"));
}
