// What a sync run means to a bookkeeper: one sentence on what happened and,
// when it failed, what to do about it. Shared by Settings → Integrations and
// the dashboard.
import type { syncRuns } from "~db/schema";

export type SyncRunSummary = Pick<
  typeof syncRuns.$inferSelect,
  | "kind"
  | "status"
  | "invoicesCreated"
  | "invoicesUpdated"
  | "invoicesUnchanged"
  | "contactsCreated"
  | "contactsUpdated"
  | "contactsUnchanged"
  | "paymentsDetected"
  | "pagesDone"
  | "pageCount"
  | "errorCode"
  | "error"
>;

const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

/** What to do when a sync failed, keyed by the run's error code. */
const ADVICE: Record<string, string> = {
  needs_reconnect: "Xero no longer accepts Solido's access. Reconnect Xero; nothing is lost.",
  disconnected_in_xero:
    "Xero says this organisation is no longer connected to Solido — it was disconnected in Xero, or its Xero subscription has lapsed. Check the subscription in Xero, then reconnect.",
  missing_permission:
    "Xero didn't give Solido permission to read part of this organisation's data. Reconnect Xero (Settings → Integrations) and allow everything Solido asks for; nothing is lost.",
  contacts_incomplete:
    "Your invoices are up to date, but some customers' details (their email addresses) couldn't be read from Xero. Reminders to those customers wait until Solido has them; it tries again at every sync.",
  daily_limit: "Xero's daily allowance of requests for this organisation is used up. Solido will carry on by itself tomorrow.",
  rate_limited: "Xero asked Solido to slow down for a while. Solido will try again by itself.",
  xero_unavailable: "Xero didn't answer. Solido will try again at the next sync; if this keeps happening, check status.developer.xero.com.",
  disconnected: "This workspace is disconnected from Xero. Reconnect Xero to resume.",
  not_connected: "This workspace is not connected to Xero yet. Connect Xero to start.",
};

export function syncAdvice(errorCode: string | null) {
  return (errorCode && ADVICE[errorCode]) || "Something went wrong while syncing. Solido will try again at the next sync; use Sync now to try straight away.";
}

export function describeSyncRun(run: SyncRunSummary): string {
  switch (run.status) {
    case "queued":
      return run.kind === "first" ? "First sync is about to start." : "Sync is about to start.";
    case "running":
      return run.pageCount ? `Syncing… ${run.pagesDone} of ${run.pageCount} pages copied.` : "Syncing…";
    case "skipped":
      return run.error ?? "Skipped.";
    case "failed":
      if (run.errorCode === "contacts_incomplete") return syncAdvice(run.errorCode);
      return `Sync failed. ${syncAdvice(run.errorCode)}`;
    case "succeeded": {
      const invoices = run.invoicesCreated + run.invoicesUpdated;
      const contacts = run.contactsCreated + run.contactsUpdated;
      if (run.kind === "first") {
        return `Synced ${plural(run.invoicesCreated + run.invoicesUnchanged + run.invoicesUpdated, "invoice")} and ${plural(run.contactsCreated + run.contactsUnchanged + run.contactsUpdated, "contact")}.`;
      }
      if (invoices === 0 && contacts === 0) return "Up to date: nothing changed in Xero.";
      const payments = run.paymentsDetected ? `, ${plural(run.paymentsDetected, "payment")} noticed` : "";
      return `Synced ${plural(invoices, "changed invoice")} and ${plural(contacts, "changed contact")}${payments}.`;
    }
  }
}

/** One line of a sync history: a run, or several alike in a row ("Up to date" every 15 minutes) told once with their count. */
export type SyncHistoryLine<Run extends { finishedAt: unknown }> = { run: Run; count: number; earliestFinishedAt: Run["finishedAt"] };

/**
 * Folds runs in a row that say the same thing into one line (newest first, as
 * given): a quiet day's 96 "Up to date" syncs are one line with a count, not a
 * page of them. Failures fold only with the same failure; anything that
 * copied something stays a line of its own. At most `lines` lines.
 */
export function collapseSyncHistory<Run extends SyncRunSummary & { finishedAt: Date | string | null }>(runs: Run[], lines = 6): SyncHistoryLine<Run>[] {
  const folded: SyncHistoryLine<Run>[] = [];
  for (const run of runs) {
    const previous = folded.at(-1);
    const quiet = run.status !== "succeeded" || describeSyncRun(run) === "Up to date: nothing changed in Xero.";
    if (previous && quiet && describeSyncRun(previous.run) === describeSyncRun(run) && run.status === previous.run.status) {
      previous.count += 1;
      previous.earliestFinishedAt = run.finishedAt;
      continue;
    }
    if (folded.length === lines) break;
    folded.push({ run, count: 1, earliestFinishedAt: run.finishedAt });
  }
  return folded;
}
