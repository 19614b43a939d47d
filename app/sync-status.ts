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
  needs_reconnect: "Xero no longer accepts Solido's access. Reconnect Xero below; nothing is lost.",
  disconnected: "This workspace is disconnected from Xero. Connect Xero again to resume.",
  organisation_gone:
    "Xero says this organisation is no longer connected to Solido, or its Xero subscription has lapsed. Check the subscription in Xero, then reconnect.",
  forbidden:
    "Xero refused access to this organisation. Check the organisation's Xero subscription and that you still have access, then reconnect.",
  rate_limited: "Xero asked Solido to slow down for a while. Solido will try again by itself.",
  unavailable: "Xero didn't answer. Solido will try again by itself; if this keeps happening, check status.xero.com.",
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
