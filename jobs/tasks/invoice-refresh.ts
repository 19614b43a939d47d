// invoice_refresh: re-reads from Xero the invoices and contacts that webhook
// events named (and any invoices the payload names, e.g. the reminder
// engine's check before sending), by id, 50 to a call.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { xeroIdsOfInvoices } from "~/models/invoices.server";
import { markEventsProcessed, pendingEvents } from "~/models/webhook-events.server";
import { queueSync } from "~/models/sync-runs.server";
import { refreshFromXero } from "~/sync/sync-engine.server";
import { IDS_PER_CALL } from "~/sync/xero-reads.server";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ workspaceId: z.uuid(), invoiceIds: z.array(z.uuid()).optional() });

/** Xero failures worth retrying soon; graphile-worker's backoff does the waiting. */
/** Beyond this many ids (two calls), an incremental sync is the cheaper read. */
const READ_BY_ID_AT_MOST = 2 * IDS_PER_CALL;

async function queueWebhookSync(workspaceId: string) {
  const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  if (!connection || connection.status !== "connected") return false;
  await db.transaction((tx) => queueSync(tx, { workspaceId, tenantId: connection.tenantId, trigger: "webhook" }));
  return true;
}

const TRANSIENT = new Set(["xero_unavailable", "rate_limited", "sync_error"]);

export const invoiceRefresh: Task = async (raw, helpers) => {
  const { workspaceId, invoiceIds = [] } = payload.parse(raw);
  await whileAlive(helpers.job.locked_by, async () => {
    const events = await pendingEvents(workspaceId);
    const named = await xeroIdsOfInvoices(workspaceId, invoiceIds);
    const xeroInvoiceIds = [...events.filter((event) => event.eventCategory === "INVOICE").map((event) => event.resourceId), ...named];
    const xeroContactIds = events.filter((event) => event.eventCategory === "CONTACT").map((event) => event.resourceId);
    if (xeroInvoiceIds.length === 0 && xeroContactIds.length === 0) return;
    if (invoiceIds.length === 0 && new Set([...xeroInvoiceIds, ...xeroContactIds]).size > READ_BY_ID_AT_MOST) {
      // A bulk change in Xero (a batch payment, an import): one incremental
      // sync reads up to 1,000 changed rows a call, reading by id only 50.
      const queued = await queueWebhookSync(workspaceId);
      if (queued) await markEventsProcessed(events.map((event) => event.id));
      return;
    }

    const outcome = await refreshFromXero(workspaceId, { xeroInvoiceIds, xeroContactIds }, events.length > 0 ? "webhook" : "reminder");
    if (outcome.status === "succeeded") await markEventsProcessed(events.map((event) => event.id));
    else if (outcome.status === "skipped") await markEventsProcessed(events.map((event) => event.id), outcome.error);
    else if (TRANSIENT.has(outcome.errorCode ?? "")) throw new Error(`Refresh from Xero failed (${outcome.errorCode}): ${outcome.error}`);
    helpers.logger.info(`refresh for workspace ${workspaceId}: ${outcome.status}${outcome.errorCode ? ` (${outcome.errorCode})` : ""}`);
  });
};
