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
  missing_permission: "Xero refused Solido access to part of this organisation's data. Reconnect Xero and allow all the access Solido asks for.",
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
