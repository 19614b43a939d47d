// Settings → Reminders, pausing: all reminders at once, or one customer or
// invoice at a time (with why, until when and who), and resuming them.
import { z } from "zod";
import { displayName } from "~/display/display-name";
import { formatMoment } from "~/display/format";
import { findCustomersToPause, listPausedItems } from "~/models/paused-items.server";
import { PAUSED_INDEFINITELY, isIndefinite, isPaused, setReminderPause } from "~/models/reminder-pauses.server";
import { localeFor } from "~/reminders/compose";
import { done, invalid, localToday, refuse, type ActionHandler, type Workspace } from "./section.server";

export async function loadPausing(workspace: Workspace, customerWords: string, now: Date) {
  const [pausedItems, customerMatches] = await Promise.all([
    listPausedItems(workspace.id, now),
    customerWords ? findCustomersToPause(workspace.id, customerWords, now) : Promise.resolve([]),
  ]);
  const locale = localeFor(workspace.countryCode);
  return {
    pause: isPaused(workspace.remindersPausedUntil)
      ? {
          reason: workspace.remindersPausedReason,
          until: isIndefinite(workspace.remindersPausedUntil!) ? null : workspace.remindersPausedUntil!.toISOString(),
        }
      : null,
    paused: {
      items: pausedItems.map((item) => ({
        kind: item.kind,
        id: item.id,
        contactName: item.contactName,
        invoiceNumber: item.invoiceNumber,
        until: isIndefinite(item.until) ? null : formatMoment(item.until, locale, workspace.timeZone),
        reason: item.reason,
        by: item.pausedBy ? displayName(item.pausedBy) : null,
        at: item.pausedAt ? formatMoment(item.pausedAt, locale, workspace.timeZone) : null,
      })),
      customerWords,
      customerMatches,
    },
  };
}

const schemas = {
  "pause-customer": z.object({
    contactId: z.uuid("Pick a customer to pause."),
    reason: z.string().trim().max(200),
    until: z.union([z.literal(""), z.iso.date("Pick a day.")]),
  }),
  "resume-item": z.object({ kind: z.enum(["contact", "invoice"]), id: z.uuid() }),
  pause: z.object({ reason: z.string().trim().min(1, "Say why, so your team knows.").max(200), until: z.union([z.literal(""), z.iso.date()]) }),
};

export const pausingActions: Record<string, ActionHandler> = {
  "pause-customer": async (action) => {
    const { workspace, user } = action;
    const parsed = schemas["pause-customer"].safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const { contactId, reason, until } = parsed.data;
    if (until && until <= localToday(workspace.timeZone, new Date())) return refuse(action, { until: "Pick a day after today, or leave it empty to pause until you resume." });
    const paused = await setReminderPause({ kind: "contact", id: contactId }, { workspaceId: workspace.id, userId: user.id, reason: reason || null, until: until ? new Date(`${until}T00:00:00Z`) : PAUSED_INDEFINITELY });
    if (!paused) throw new Response("Not found", { status: 404 });
    return done(action, `Reminders paused for ${paused.detail.contactName}.`);
  },
  "resume-item": async (action) => {
    const { workspace, user } = action;
    const parsed = schemas["resume-item"].safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const resumed = await setReminderPause({ kind: parsed.data.kind, id: parsed.data.id }, { workspaceId: workspace.id, userId: user.id, until: null });
    if (!resumed) throw new Response("Not found", { status: 404 });
    return done(action, parsed.data.kind === "contact" ? `Reminders resumed for ${resumed.detail.contactName}.` : `Reminders resumed for invoice ${resumed.detail.invoiceNumber ?? ""}.`);
  },
  pause: async (action) => {
    const { workspace, user } = action;
    const parsed = schemas.pause.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const until = parsed.data.until ? new Date(`${parsed.data.until}T00:00:00Z`) : null;
    await setReminderPause({ kind: "workspace" }, { workspaceId: workspace.id, userId: user.id, reason: parsed.data.reason, until: until ?? PAUSED_INDEFINITELY });
    return done(action, "Reminders paused.");
  },
  resume: async (action) => {
    await setReminderPause({ kind: "workspace" }, { workspaceId: action.workspace.id, userId: action.user.id, until: null });
    return done(action, "Reminders resumed.");
  },
};
