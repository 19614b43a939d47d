// Figures kept per workspace between the changes that move them. A figure is
// stored with the key it was computed for — the workspace's change counters
// (db/migrations/0006, 0010, 0012) and whatever else it depends on, such as the
// organisation's today — and, when it also depends on the passing of time, the
// moment it stops being true. It is served only while both still hold, so it is
// never stale: the next request after a change, or after that moment, computes
// it afresh. Concurrent requests for the same key share one computation.
import { sql } from "~/server/db.server";

/** The workspace's change counters and the database's clock, read in one round trip. */
export type WorkspaceVersions = { invoices: string; reminderInputs: string; reminders: string; now: Date };

/**
 * Read before the figures they key, so the figures see at least every change
 * the counters count: a change that lands in between only makes the figures
 * newer than their key, and moves the key for the next request.
 */
export async function workspaceVersions(workspaceId: string): Promise<WorkspaceVersions> {
  const [row] = await sql<WorkspaceVersions[]>`
    select coalesce((select version from invoice_versions where workspace_id = ${workspaceId}), 0)::text as invoices,
           coalesce((select version from reminder_input_versions where workspace_id = ${workspaceId}), 0)::text as "reminderInputs",
           coalesce((select version from reminder_versions where workspace_id = ${workspaceId}), 0)::text as reminders,
           now() as now`;
  return row;
}

/** A computed figure and the moment (database time) it stops being true by time alone; null if time never moves it. */
export type Computed<T> = { value: T; until: Date | null };

type Entry<T> = { key: string; computed: Promise<Computed<T>> };

/** One entry per workspace (the latest key wins); the oldest workspaces go first past this many. */
const MAX_WORKSPACES = 1_000;

export function keptPerWorkspace<T>() {
  const entries = new Map<string, Entry<T>>();

  /** The figure for this key at `now` (the database's clock, from workspaceVersions): kept, or computed and kept. */
  return async function kept(workspaceId: string, key: string, now: Date, compute: () => Promise<Computed<T>>): Promise<T> {
    for (;;) {
      const cached = entries.get(workspaceId);
      if (cached?.key !== key) break;
      const { value, until } = await cached.computed;
      if (until === null || now < until) return value;
      // Time has moved it: compute afresh, unless another request already replaced it meanwhile.
      if (entries.get(workspaceId) === cached) break;
    }
    const computed = compute();
    entries.delete(workspaceId);
    entries.set(workspaceId, { key, computed });
    if (entries.size > MAX_WORKSPACES) entries.delete(entries.keys().next().value!);
    // A failed computation is not kept: the next request tries again.
    computed.catch(() => {
      if (entries.get(workspaceId)?.computed === computed) entries.delete(workspaceId);
    });
    return (await computed).value;
  };
}
