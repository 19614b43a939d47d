// Settings → Reminders: reading and changing a workspace's branding, send
// window, go-live switch and pause, plus "Send me a test email" (the schedules
// themselves: schedules.server.ts).
// Every function takes the workspace id: routes cannot reach another's data.
import { and, asc, eq, inArray, notInArray, sql as drizzleSql } from "drizzle-orm";
import { auditLog, contacts, invoices, reminderMinimumAmounts, reminderPlanMarks, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { renderEmail, sendEmail } from "~/server/email.server";
import { customerPageUrl } from "~/models/customer-links.server";
import { senderFor, type Sender } from "./branding.server";
import { composeReminder, localeFor, previewMoment, type ReminderInvoice, type StepWords } from "./compose";
import { describeSendMoment, localParts, nextSendMoment, sendWindowOf } from "./send-window";
import { BLOCKED_REASONS, planReminders, previewDueReminders, scheduleOfContactSql, type BlockedReason } from "./planner.server";
import { queuePlanning } from "./planning-queue.server";

type Workspace = typeof workspaces.$inferSelect;

export async function listMinimumAmounts(workspaceId: string) {
  return db.select().from(reminderMinimumAmounts).where(eq(reminderMinimumAmounts.workspaceId, workspaceId)).orderBy(asc(reminderMinimumAmounts.currencyCode));
}

export async function saveMinimumAmounts(workspaceId: string, minimums: { currencyCode: string; minimumAmountDue: string }[]) {
  await db.transaction(async (tx) => {
    const codes = minimums.map((row) => row.currencyCode);
    await tx
      .delete(reminderMinimumAmounts)
      .where(and(eq(reminderMinimumAmounts.workspaceId, workspaceId), codes.length ? notInArray(reminderMinimumAmounts.currencyCode, codes) : drizzleSql`true`));
    for (const row of minimums) {
      await tx
        .insert(reminderMinimumAmounts)
        .values({ workspaceId, ...row })
        .onConflictDoUpdate({ target: [reminderMinimumAmounts.workspaceId, reminderMinimumAmounts.currencyCode], set: { minimumAmountDue: row.minimumAmountDue } });
    }
    await queuePlanning(tx, workspaceId);
  });
}

export type BrandingSettings = { senderName: string | null; replyToEmail: string | null; brandColour: string; logoUrl: string | null; logoSha256: null };
export type SendWindowSettings = { sendWindowStartHour: number; sendWindowEndHour: number; sendWeekdays: number[] };
/** What goes with each email besides its words: the invoices' PDFs, and a blind copy to the business. */
export type EnclosureSettings = { attachInvoicePdfs: boolean; blindCopyEmail: string | null };

export async function updateWorkspaceReminderSettings(workspaceId: string, userId: string, changes: Partial<BrandingSettings & SendWindowSettings & EnclosureSettings>, action: string) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set(changes).where(eq(workspaces.id, workspaceId));
    await tx.insert(auditLog).values({ workspaceId, userId, action, detail: changes });
    await queuePlanning(tx, workspaceId);
  });
}

/**
 * Sets the cut-off: only invoices due at most `days` days ago are chased (null:
 * every unpaid invoice, however old). The planner's mark goes with the change,
 * so a wider cut-off lets in the invoices it now reaches at the next pass.
 */
export async function setChaseWithinDays(workspaceId: string, userId: string, days: number | null) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ chaseWithinDays: days }).where(eq(workspaces.id, workspaceId));
    await tx.delete(reminderPlanMarks).where(eq(reminderPlanMarks.workspaceId, workspaceId));
    await tx.insert(auditLog).values({ workspaceId, userId, action: "reminders.cut_off_changed", detail: { chaseWithinDays: days } });
    await queuePlanning(tx, workspaceId);
  });
}

/** Turns sending on or off. Turning on sends, per invoice, only the latest step already due (the planner's rule). */
export async function setReminderMode(workspaceId: string, userId: string, mode: "preview" | "live", now: Date) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ reminderMode: mode, remindersLiveSince: mode === "live" ? now : null }).where(eq(workspaces.id, workspaceId));
    await tx.insert(auditLog).values({ workspaceId, userId, action: mode === "live" ? "reminders.turned_on" : "reminders.turned_off", detail: {} });
    await queuePlanning(tx, workspaceId);
  });
}

/**
 * The hours, in the organisation's time zone, when "send the due ones now" is offered although the send
 * window is closed: 8:00 to 20:00. The window is the business's choice for every day after; on the first
 * day, an owner who sets up at 17:30 on a Friday expects the first reminders that evening, not on Monday.
 * But a payment reminder arriving at night or at dawn reads as careless, or as pressure: 8:00–20:00 is
 * inside the hours consumer-contact rules allow for calls (8:00–21:00 in the US TCPA, similar elsewhere),
 * with an hour to spare, and covers a working day at either end. Outside them nothing is offered, and the
 * dialog says when the window will really open. (The customers' own time zones are not known; the
 * organisation's is the best guess, as for the send window.)
 */
export const SEND_NOW_HOURS = { start: 8, end: 20 } as const;

type DueNow = { reminders: number; emails: number };

/** What the first go-live could send right now, outside the window; null when that is not on offer. */
async function sendDueNowOffer(workspace: Workspace, now: Date): Promise<DueNow | null> {
  const { hour } = localParts(now, workspace.timeZone);
  if (hour < SEND_NOW_HOURS.start || hour >= SEND_NOW_HOURS.end) return null;
  // Only the first time: once the workspace has been live, the send window is the rule.
  const [wasLive] = await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "reminders.turned_on"))).limit(1);
  if (wasLive) return null;
  const due = (await previewDueReminders(workspace.id, now)).filter((row) => row.blocked === null);
  return due.length === 0 ? null : { reminders: due.length, emails: new Set(due.map((row) => row.contactId)).size };
}

/**
 * Turns reminders on; with `sendDueNow`, on the first go-live outside the send window and inside
 * SEND_NOW_HOURS, also plans at once what is due now (sent within the minute, by the usual payment
 * check and send jobs). The offer is checked again here: a dialog left open past 20:00 sends nothing
 * early, and says when the window opens instead.
 */
export async function turnRemindersOn(workspaceId: string, userId: string, now: Date, { sendDueNow = false } = {}) {
  const offer = sendDueNow ? (await remindersOutlook(workspaceId, now)).sendNow : null;
  await setReminderMode(workspaceId, userId, "live", now);
  if (!offer) return { sentNow: null };
  const planned = await planReminders(now, undefined, { workspaceId, outsideWindow: true });
  await db.insert(auditLog).values({ workspaceId, userId, action: "reminders.sent_due_now", detail: { reminders: planned.reminders, emails: planned.emails } });
  return { sentNow: { reminders: planned.reminders, emails: planned.emails } };
}

export type AttentionItem = { invoiceNumber: string | null; contactName: string; reason: string };

/** Why nothing at all can go: said once on the page, not once per invoice. */
export type Suspension = "not_connected" | "needs_reconnect" | "workspace_paused";

/**
 * What going live (or staying live) sends at the first moment reminders can go
 * — now inside the send window, else the window's next opening, said in words
 * ("Monday 9:00 NZDT") — counted by the planner's own rule at that moment, so
 * the go-live dialog, the Upcoming list and the sending agree; and what needs
 * attention, in words. While Xero is disconnected or the workspace is paused,
 * that is said once (`suspended`), not on every invoice.
 */
export async function remindersOutlook(workspaceId: string, now: Date) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const [connection] = await db.select({ status: xeroConnections.status }).from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  const window = sendWindowOf(workspace);
  const moment = nextSendMoment(window, now);
  const due = await previewDueReminders(workspaceId, moment.at);
  const suspended: Suspension | null =
    connection?.status === "needs_reconnect" ? "needs_reconnect" : connection && connection.status !== "connected" ? "not_connected" : due.some((row) => row.blocked === "workspace_paused") ? "workspace_paused" : null;
  // (A workspace that never connected Xero is not suspended: it is setting up, in preview.)
  // What stands in the way of everything is the suspension's to say; attention is what stands in the way of some.
  const wouldSend = due.filter((row) => row.blocked === null || row.blocked === "not_connected" || row.blocked === "workspace_paused");
  const blocked = due.filter((row) => row.blocked !== null && row.blocked !== "not_connected" && row.blocked !== "workspace_paused");
  const named = blocked.length
    ? await db
        .select({ id: invoices.id, invoiceNumber: invoices.invoiceNumber, contactName: contacts.name })
        .from(invoices)
        .innerJoin(contacts, eq(contacts.id, invoices.contactId))
        .where(inArray(invoices.id, blocked.slice(0, 50).map((row) => row.invoiceId)))
    : [];
  const byId = new Map(named.map((row) => [row.id, row]));
  return {
    /** On the first go-live outside the send window, inside sensible hours: what "send the due ones now" sends, counted now. */
    sendNow: suspended || moment.open || workspace.reminderMode !== "preview" ? null : await sendDueNowOffer(workspace, now),
    /** Reminders (and emails) that go at `when` once nothing is suspended. */
    reminders: wouldSend.length,
    emails: new Set(wouldSend.map((row) => row.contactId)).size,
    /** When they go, in words: "now (until 17:00)", "today at 9:00 NZDT", "Monday 9:00 NZDT". */
    when: describeSendMoment(moment, window, now, localeFor(workspace.countryCode)),
    open: moment.open,
    suspended,
    chaseWithinDays: workspace.chaseWithinDays,
    attention: blocked.slice(0, 50).map((row) => ({
      invoiceNumber: byId.get(row.invoiceId)?.invoiceNumber ?? null,
      contactName: byId.get(row.invoiceId)?.contactName ?? "",
      reason: BLOCKED_REASONS[row.blocked as BlockedReason],
    })),
    attentionCount: blocked.length,
  };
}

/**
 * A real open invoice of the workspace for previews, else made-up sample data. For a schedule's previews,
 * one of a customer who follows that schedule when there is one (a key account's on the "Key accounts"
 * schedule's page), else any customer's.
 */
export async function previewSubject(workspace: Workspace, today: string, scheduleId?: string): Promise<{ contactName: string; invoice: ReminderInvoice; sample: boolean; customerPageUrl: string | null }> {
  const earliestOpen = (follows?: string) =>
    db
      .select({ invoice: invoices, contactName: contacts.name })
      .from(invoices)
      .innerJoin(contacts, eq(contacts.id, invoices.contactId))
      .where(
        and(
          eq(invoices.workspaceId, workspace.id),
          eq(invoices.status, "AUTHORISED"),
          drizzleSql`${invoices.settledSeenAt} is null and ${invoices.dueDate} is not null`,
          follows ? drizzleSql`${drizzleSql.raw(scheduleOfContactSql(`"contacts"."workspace_id"`, `"contacts"."id"`))} = ${follows}` : undefined,
        ),
      )
      .orderBy(asc(invoices.dueDate))
      .limit(1);
  const [row] = (scheduleId ? await earliestOpen(scheduleId) : []).concat(await earliestOpen());
  if (row) {
    const { invoice } = row;
    return {
      contactName: row.contactName,
      sample: false,
      // That customer's own page, as their reminder links to it; a made-up sample has none to open.
      customerPageUrl: customerPageUrl({ workspaceId: workspace.id, contactId: invoice.contactId }, new Date()),
      invoice: { invoiceNumber: invoice.invoiceNumber, reference: invoice.reference, currencyCode: invoice.currencyCode, amountDue: invoice.amountDue, dueDate: invoice.dueDate!, payUrl: invoice.onlineInvoiceUrl ?? "https://in.xero.com/" },
    };
  }
  return {
    contactName: "Aroha's Café",
    sample: true,
    customerPageUrl: null,
    invoice: { invoiceNumber: "INV-0042", reference: "Sample", currencyCode: workspace.baseCurrency ?? "NZD", amountDue: "1150.00", dueDate: today, payUrl: "https://in.xero.com/" },
  };
}

/**
 * Emails the admin the given step as a customer would get it, marked as a test: a real invoice
 * as it will read on the day the step reaches it, or a sample dated to suit the step; in the
 * step's own words, or its first-contact words (`firstContact`); for a schedule, a customer's who follows it.
 */
export async function sendTestEmail(
  workspace: Workspace,
  to: string,
  step: StepWords & { offsetDays: number },
  today: string,
  { firstContact = false, scheduleId }: { firstContact?: boolean; scheduleId?: string } = {},
) {
  const sender = await senderFor(workspace);
  const subject = await previewSubject(workspace, today, scheduleId);
  const shown = previewMoment(subject, step.offsetDays, today);
  const composed = composeReminder({
    branding: sender.branding,
    locale: sender.locale,
    contactName: subject.contactName,
    today: shown.today,
    customerPageUrl: subject.customerPageUrl,
    invoices: [{ ...shown.invoice, step, remindedBefore: !firstContact }],
  });
  return sendAsTest(sender, to, composed);
}

/** Sends an email as the business would, to an admin, its subject marked "[Test]" (reminders' and statements' test emails). */
export async function sendAsTest(sender: Sender, to: string, composed: { subject: string; element: JSX.Element }) {
  const { html, text } = await renderEmail(composed.element);
  return sendEmail({
    from: sender.from,
    to,
    replyTo: sender.replyTo ?? undefined,
    subject: `[Test] ${composed.subject}`,
    html,
    text,
    messageId: `<test-${crypto.randomUUID()}@${sender.from.address.split("@")[1]}>`,
  });
}
