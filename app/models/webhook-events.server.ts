// Xero's webhook events, each stored once: Xero redelivers a batch until it
// gets a 200, and an event carries no data, only "this invoice/contact
// changed", so storing it and queueing a refresh is all the request does.
import crypto from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { webhookEvents, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { enqueue } from "~jobs/enqueue";
import { xeroQueueName } from "./sync-runs.server";

export type XeroWebhookEvent = {
  resourceId: string;
  eventDateUtc: string;
  eventType: string;
  eventCategory: string;
  tenantId: string;
};

/** A delivery part Solido could not read: kept, with what was wrong, and taken no further. */
export type RejectedWebhookEvent = {
  /** The raw JSON of the event (or of the whole body when it was not a delivery at all): its identity across redeliveries. */
  raw: string;
  reason: string;
  tenantId: string;
  eventCategory: string;
  eventType: string;
  resourceId: string;
};

export type WebhookDelivery = { events: XeroWebhookEvent[]; rejected: RejectedWebhookEvent[] };

const readableEvent = z.object({
  resourceId: z.string().min(1),
  eventDateUtc: z
    .string()
    .min(1)
    .refine((value) => !Number.isNaN(utc(value).getTime()), "not a date"),
  eventType: z.string().min(1),
  eventCategory: z.string().min(1),
  tenantId: z.string().min(1),
});

const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 200) : "");

/**
 * A signed body, read event by event: the events Solido understands, and the
 * rest (an unparsable field, or a body that is not a delivery at all) as
 * rejected, so one bad event neither loses its neighbours nor fails the
 * request.
 */
export function readWebhookDelivery(body: Buffer): WebhookDelivery {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const events = (parsed as { events?: unknown } | undefined)?.events;
  if (!Array.isArray(events)) {
    const raw = body.toString("utf8");
    return { events: [], rejected: [{ raw, reason: "rejected: the body is not a webhook delivery (no events list)", tenantId: "", eventCategory: "", eventType: "", resourceId: "" }] };
  }
  const delivery: WebhookDelivery = { events: [], rejected: [] };
  for (const event of events) {
    const read = readableEvent.safeParse(event);
    if (read.success) {
      delivery.events.push(read.data);
      continue;
    }
    const fields = (event && typeof event === "object" ? event : {}) as Record<string, unknown>;
    const problems = read.error.issues.map((issue) => `${issue.path.join(".") || "event"} ${issue.message}`).join("; ");
    delivery.rejected.push({
      raw: JSON.stringify(event),
      reason: `rejected: ${problems}`.slice(0, 500),
      tenantId: text(fields.tenantId).toLowerCase(),
      eventCategory: text(fields.eventCategory),
      eventType: text(fields.eventType),
      resourceId: text(fields.resourceId).toLowerCase(),
    });
  }
  return delivery;
}

const rejectedEventKey = (event: RejectedWebhookEvent) => `rejected:${crypto.createHash("sha256").update(event.raw).digest("hex")}`;

/** Redeliveries repeat an event exactly; these fields are its identity. */
const eventKey = (event: XeroWebhookEvent) =>
  [event.tenantId, event.eventCategory, event.eventType, event.resourceId, event.eventDateUtc].map((part) => part.toLowerCase()).join(":");

/** Xero's event dates are UTC without a zone designator. */
const utc = (value: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);

export const refreshJobKey = (workspaceId: string) => `invoice_refresh:webhook:${workspaceId}`;

/**
 * Stores a delivery's events (a replay adds nothing) and, in the same
 * transaction, queues one refresh per workspace that got new events. Events for
 * organisations Solido does not hold, or cannot read now, and events Solido
 * could not read at all are kept with the reason and go no further. Makes no
 * Xero call.
 */
export async function receiveWebhookEvents({ events, rejected }: WebhookDelivery) {
  if (events.length === 0 && rejected.length === 0) return { stored: 0, refreshes: 0 };
  return db.transaction(async (tx) => {
    if (rejected.length > 0) {
      const now = new Date();
      await tx
        .insert(webhookEvents)
        .values(
          rejected.map((event) => ({
            eventKey: rejectedEventKey(event),
            tenantId: event.tenantId,
            workspaceId: null,
            eventCategory: event.eventCategory,
            eventType: event.eventType,
            resourceId: event.resourceId,
            eventDateUtc: null,
            ignoredReason: event.reason,
            processedAt: now,
          })),
        )
        .onConflictDoNothing({ target: webhookEvents.eventKey });
    }
    if (events.length === 0) return { stored: 0, refreshes: 0 };
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
