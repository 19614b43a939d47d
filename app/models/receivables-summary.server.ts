// The dashboard's heavy figures — outstanding, overdue and ageing per currency,
// and DSO — summed over every open invoice once per change to the workspace's
// invoices, not once per page view. The key is the workspace's invoice counter
// (bumped by a trigger as any transaction that changes its invoices commits,
// db/migrations/0006) and the organisation's today, so a figure is never
// served after the data or the date it summarises has moved on.
import { daysSalesOutstanding, receivablesByCurrency, type CurrencyReceivables } from "./dashboard.server";
import { keptPerWorkspace, workspaceVersions, type WorkspaceVersions } from "./kept-figures.server";

type Scope = { today: string; baseCurrency: string | null };
export type ReceivablesSummary = { receivables: CurrencyReceivables[]; dso: number | null };

const kept = keptPerWorkspace<ReceivablesSummary>();

/** The figures for this workspace today; `versions` when the caller has read them already. */
export async function receivablesSummary(workspaceId: string, scope: Scope, versions?: WorkspaceVersions): Promise<ReceivablesSummary> {
  const { invoices, now } = versions ?? (await workspaceVersions(workspaceId));
  const key = `${invoices}|${scope.today}|${scope.baseCurrency ?? ""}`;
  return kept(workspaceId, key, now, async () => {
    const [receivables, dso] = await Promise.all([receivablesByCurrency(workspaceId, scope), daysSalesOutstanding(workspaceId, scope)]);
    return { value: { receivables, dso }, until: null };
  });
}
