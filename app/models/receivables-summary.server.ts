// The dashboard's heavy figures — outstanding, overdue and ageing per currency,
// and DSO — summed over every open invoice once per change to the workspace's
// invoices, not once per page view. The key is the workspace's invoice counter
// (bumped by a trigger as any transaction that changes its invoices commits,
// db/migrations/0006) and the organisation's today, so a figure is never
// served after the data or the date it summarises has moved on.
import { sql } from "~/db.server";
import { daysSalesOutstanding, receivablesByCurrency, type CurrencyReceivables } from "./dashboard.server";

type Scope = { today: string; baseCurrency: string | null };
export type ReceivablesSummary = { receivables: CurrencyReceivables[]; dso: number | null };

type Entry = { key: string; summary: Promise<ReceivablesSummary> };

/** One entry per workspace (the latest key wins); the oldest workspaces go first past this many. */
const MAX_WORKSPACES = 1_000;
const entries = new Map<string, Entry>();

export async function invoiceVersion(workspaceId: string) {
  const [row] = await sql<{ version: string }[]>`select version::text from invoice_versions where workspace_id = ${workspaceId}`;
  return row?.version ?? "0";
}

/**
 * The figures for this workspace today. The counter is read before the sums,
 * so the sums see at least every change the counter counts: a change that
 * lands in between only makes them newer than their key, and moves the key.
 * Concurrent requests for the same key share one computation.
 */
export async function receivablesSummary(workspaceId: string, scope: Scope): Promise<ReceivablesSummary> {
  const key = `${await invoiceVersion(workspaceId)}|${scope.today}|${scope.baseCurrency ?? ""}`;
  const cached = entries.get(workspaceId);
  if (cached?.key === key) return cached.summary;
  const summary = Promise.all([receivablesByCurrency(workspaceId, scope), daysSalesOutstanding(workspaceId, scope)]).then(
    ([receivables, dso]) => ({ receivables, dso }),
  );
  entries.delete(workspaceId);
  entries.set(workspaceId, { key, summary });
  if (entries.size > MAX_WORKSPACES) entries.delete(entries.keys().next().value!);
  // A failed computation is not kept: the next request tries again.
  summary.catch(() => {
    if (entries.get(workspaceId)?.summary === summary) entries.delete(workspaceId);
  });
  return summary;
}
