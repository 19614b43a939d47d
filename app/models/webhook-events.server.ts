// Xero's webhook events, each stored once: Xero redelivers a batch until it
// gets a 200, and an event carries no data, only "this invoice/contact
// changed", so storing it and queueing a refresh is all the request does.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { webhookEvents, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/db.server";
import { enqueue } from "~jobs/enqueue";
import { xeroQueueName } from "./sync-runs.server";

export type XeroWebhookEvent = {
  resourceId: string;
  eventDateUtc: string;
  eventType: string;
  eventCategory: string;
  tenantId: string;
};

/** Redeliveries repeat an event exactly; these fields are its identity. */
const eventKey = (event: XeroWebhookEvent) =>
  [event.tenantId, event.eventCategory, event.eventType, event.resourceId, event.eventDateUtc].map((part) => part.toLowerCase()).join(":");

/** Xero's event dates are UTC without a zone designator. */
const utc = (value: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);

export const refreshJobKey = (workspaceId: string) => `invoice_refresh:webhook:${workspaceId}`;

/**
 * Stores a delivery's events (a replay adds nothing) and, in the same
 * transaction, queues one refresh per workspace that got new events. Events for
 * organisations Solido does not hold, or cannot read now, are kept with the
 * reason and go no further. Makes no Xero call.
 */
export async function receiveWebhookEvents(events: XeroWebhookEvent[]) {
  if (events.length === 0) return { stored: 0, refreshes: 0 };
  return db.transaction(async (tx) => {
    const tenantIds = [...new Set(events.map((event) => event.tenantId.toLowerCase()))];
    const bound = await tx
      .select({ workspaceId: workspaces.id, tenantId: workspaces.xeroTenantId, status: xeroConnections.status })
      .from(workspaces)
      .leftJoin(xeroConnections, eq(xeroConnections.workspaceId, workspaces.id))
      .where(inArray(sql`lower(${workspaces.xeroTenantId})`, tenantIds));
    const byTenant = new Map(bound.map((row) => [row.tenantId!.toLowerCase(), row]));
    const ignoredBecause = (status: string | null | undefined) =>
      status === "connected" ? null : status === "needs_reconnect" ? "workspace needs reconnecting to Xero" : status ? "workspace disconnected from Xero" : "no Xero connection";

    const rows = events.map((event) => {
      const workspace = byTenant.get(event.tenantId.toLowerCase());
      const ignoredReason = workspace ? ignoredBecause(workspace.status) : "unknown tenant";
      return {
        eventKey: eventKey(event),
        tenantId: event.tenantId.toLowerCase(),
        workspaceId: workspace?.workspaceId ?? null,
        eventCategory: event.eventCategory,
        eventType: event.eventType,
        resourceId: event.resourceId.toLowerCase(),
        eventDateUtc: utc(event.eventDateUtc),
        ignoredReason,
        processedAt: ignoredReason ? new Date() : null,
      };
    });
    const stored = await tx
      .insert(webhookEvents)
      .values(rows)
      .onConflictDoNothing({ target: webhookEvents.eventKey })
      .returning({ workspaceId: webhookEvents.workspaceId, tenantId: webhookEvents.tenantId, ignoredReason: webhookEvents.ignoredReason });

    const toRefresh = new Map(stored.filter((row) => row.workspaceId && !row.ignoredReason).map((row) => [row.workspaceId!, row.tenantId]));
    for (const [workspaceId, tenantId] of toRefresh) {
      // One pending refresh per workspace soaks up a burst of deliveries.
      await enqueue(tx, "invoice_refresh", { workspaceId }, { jobKey: refreshJobKey(workspaceId), jobKeyMode: "preserve_run_at", queueName: xeroQueueName(tenantId) });
    }
    return { stored: stored.length, refreshes: toRefresh.size };
  });
}

export async function pendingEvents(workspaceId: string) {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.workspaceId, workspaceId), isNull(webhookEvents.processedAt)))
    .orderBy(asc(webhookEvents.receivedAt));
}

/** Marks events handled; with a reason when they were dropped rather than applied. */
export async function markEventsProcessed(eventIds: string[], ignoredReason?: string) {
  if (eventIds.length === 0) return;
  await db
    .update(webhookEvents)
    .set({ processedAt: new Date(), ...(ignoredReason ? { ignoredReason } : {}) })
    .where(inArray(webhookEvents.id, eventIds));
}
