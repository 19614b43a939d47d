// The first day, from the reminders' side: a workspace in preview says what
// going live will send and when — the go-live count, the Upcoming list and an
// invoice's "next reminder" — and going live then sends exactly that, read at a
// real SMTP server, in honest words: no first email claims earlier reminders,
// no grouped email calls a not-yet-due invoice overdue, nothing past the cut-off.
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { invoices, reminderSteps, reminders } = await import("~db/schema");
const { ensureDefaultSchedules } = await import("~/reminders/planner.server");
const { remindersOutlook, setReminderMode, turnRemindersOn } = await import("~/reminders/settings.server");
const { listUpcomingReminders } = await import("~/models/upcoming-reminders.server");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window (9:00–17:00, Monday to Friday). */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let workspace: TestWorkspace;
let ownerId: string;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE, live: false });
  const [owner] = await db.execute<{ user_id: string }>(sql`select user_id from memberships where workspace_id = ${workspace.workspaceId} limit 1`);
  ownerId = owner.user_id;
});

/** Invoice numbers of what was sent, per customer address. */
async function sentInvoiceNumbers() {
  const rows = await db
    .select({ number: invoices.invoiceNumber })
    .from(reminders)
    .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
    .where(eq(reminders.workspaceId, workspace.workspaceId));
  const sent = await db.execute<{ number: string }>(sql`
    select i.invoice_number as number from reminders r join invoices i on i.id = r.invoice_id
    where r.workspace_id = ${workspace.workspaceId} and r.status = 'sent'`);
  return { decided: rows.map((row) => row.number!).sort(), sent: sent.map((row) => row.number).sort() };
}

describe("going live sends what the preview showed", () => {
  it("agrees on the go-live count, the Upcoming list and an invoice's next reminder, then sends exactly those, honestly worded", async () => {
    const aroha = await workspace.contact({ name: "Aroha's Café", emailAddress: "accounts@aroha.test" });
    const ancient = await workspace.invoice(aroha, { dueDate: daysFrom(TODAY, -60), amount: "100.00" });
    const late = await workspace.invoice(aroha, { dueDate: daysFrom(TODAY, -3), amount: "30.00" });
    const soon = await workspace.invoice(aroha, { dueDate: daysFrom(TODAY, 3), amount: "300.00" });
    const kauri = await workspace.contact({ name: "Kauri Builders", emailAddress: "pay@kauri.test" });
    const forgotten = await workspace.invoice(kauri, { dueDate: daysFrom(TODAY, -400), amount: "4000.00" });
    const overdue = await workspace.invoice(kauri, { dueDate: daysFrom(TODAY, -20), amount: "20.00" });
    const nobody = await workspace.contact({ name: "No Address Ltd" });
    await workspace.invoice(nobody, { dueDate: daysFrom(TODAY, -10), amount: "10.00" });
    await workspace.sync();

    // In preview: what going live now would send.
    const outlook = await remindersOutlook(workspace.workspaceId, NOW);
    expect(outlook).toMatchObject({ reminders: 4, emails: 2, when: "now (until 17:00)", open: true, suspended: null, attentionCount: 1 });
    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 14, timeZone: ZONE, now: NOW, limit: 100 });
    const firstDay = upcoming.filter((reminder) => reminder.sendOn === TODAY);
    expect(firstDay.map((reminder) => reminder.invoiceNumber).sort()).toEqual([ancient.number, late.number, overdue.number, soon.number].sort());
    expect(firstDay.every((reminder) => reminder.firstEmail)).toBe(true);
    // Past the 90-day cut-off: never listed, never sent.
    expect(upcoming.map((reminder) => reminder.invoiceNumber)).not.toContain(forgotten.number);
    const ancientId = await workspace.solidoInvoiceId(ancient.xeroInvoiceId);
    const [next] = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 366, timeZone: ZONE, invoiceId: ancientId, limit: 1, now: NOW });
    expect(next).toMatchObject({ sendOn: TODAY, offsetDays: 30 });

    // Going live plans at once (no waiting for the crontab), and sends exactly that.
    await setReminderMode(workspace.workspaceId, ownerId, "live", NOW);
    await runJobsAt(NOW);
    const { decided, sent } = await sentInvoiceNumbers();
    expect(sent).toEqual(firstDay.map((reminder) => reminder.invoiceNumber).sort());
    expect(decided).toEqual(sent);

    const [toAroha, ...moreToAroha] = await receivedBy(world.mailbox, "accounts@aroha.test");
    const [toKauri, ...moreToKauri] = await receivedBy(world.mailbox, "pay@kauri.test");
    expect(moreToAroha).toHaveLength(0);
    expect(moreToKauri).toHaveLength(0);
    for (const message of [toAroha, toKauri]) {
      expect(`${message.subject}\n${message.text}`).not.toMatch(/final reminder|second reminder|earlier reminder|again/i);
    }
    // Amounts as Xero has them, tax included (15% GST). Aroha's email is about the two overdue invoices; the one due in 3 days is listed apart as coming up.
    expect(toAroha.subject).toMatch(/^Payment needed: 2 invoices from .+ are overdue — \$149\.50 due$/);
    const text = toAroha.text!.replace(/\s+/g, " ");
    const [overduePart, comingUp] = text.split("Coming up (not due yet)");
    expect(overduePart).not.toContain(soon.number);
    expect(comingUp).toContain(`${soon.number} · $345.00`);
    expect(comingUp).toContain("(due in 3 days)");
    expect(toKauri.subject).toBe(`Invoice ${overdue.number} is 20 days overdue`);
  });
});

describe("catching up an overdue invoice", () => {
  it("never catches up with a heads-up step before the due date: the invoice waits for the first overdue step", async () => {
    // The business turned the on-the-day step off: for an invoice 3 days overdue, the only step whose day has
    // come is the 3-days-before heads-up, whose words ("is due on …") no longer fit.
    await ensureDefaultSchedules(undefined, workspace.workspaceId);
    await db.update(reminderSteps).set({ enabled: false }).where(and(eq(reminderSteps.workspaceId, workspace.workspaceId), eq(reminderSteps.offsetDays, 0)));
    const contactId = await workspace.contact({ name: "Late Co", emailAddress: "late@co.test" });
    const late = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -3), amount: "30.00" });
    await workspace.sync();

    expect(await remindersOutlook(workspace.workspaceId, NOW)).toMatchObject({ reminders: 0 });
    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 14, timeZone: ZONE, now: NOW });
    // Its first: the 7-day step, whose day is a Sunday, so on Monday (then the 14-day step).
    expect(upcoming.map(({ invoiceNumber, offsetDays, sendOn }) => ({ invoiceNumber, offsetDays, sendOn }))).toEqual([
      { invoiceNumber: late.number, offsetDays: 7, sendOn: "2025-06-16" },
      { invoiceNumber: late.number, offsetDays: 14, sendOn: "2025-06-23" },
    ]);
    await setReminderMode(workspace.workspaceId, ownerId, "live", NOW);
    await runJobsAt(NOW);
    expect(await receivedBy(world.mailbox, "late@co.test")).toHaveLength(0);
    expect(await workspace.reminders()).toHaveLength(0);
  });
});

describe("'today' means today", () => {
  it("says when the first reminders will actually go outside the send window, and lists them on that day", async () => {
    const contactId = await workspace.contact({ name: "Weekend Co", emailAddress: "weekend@co.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "70.00" });
    await workspace.sync();
    // Friday evening in Auckland: the window has closed until Monday.
    const friday = at("2025-06-13T18:30", ZONE);
    const outlook = await remindersOutlook(workspace.workspaceId, friday);
    expect(outlook).toMatchObject({ reminders: 1, emails: 1, when: "Monday 9:00 NZST", open: false });
    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: "2025-06-13", days: 3, timeZone: ZONE, now: friday });
    expect(upcoming).toEqual([expect.objectContaining({ sendOn: "2025-06-16", offsetDays: 7 })]);

    // Going live on Friday evening sends nothing until Monday's window opens.
    await setReminderMode(workspace.workspaceId, ownerId, "live", friday);
    await runJobsAt(friday);
    expect(await receivedBy(world.mailbox, "weekend@co.test")).toHaveLength(0);
  });

  it("offers, on the first go-live outside the window but inside 8:00–20:00, to send the due ones now, and sends exactly the ones it counted", async () => {
    const aroha = await workspace.contact({ name: "Aroha's Café", emailAddress: "first-day@aroha.test" });
    const late = await workspace.invoice(aroha, { dueDate: daysFrom(TODAY, -9), amount: "90.00" });
    const soon = await workspace.invoice(aroha, { dueDate: daysFrom("2025-06-13", 2), amount: "20.00" });
    const kauri = await workspace.contact({ name: "Kauri Builders", emailAddress: "first-day@kauri.test" });
    const overdue = await workspace.invoice(kauri, { dueDate: daysFrom(TODAY, -20), amount: "20.00" });
    await workspace.sync();
    // Friday 18:30 in Auckland: the window (9:00–17:00) has closed until Monday, but it is still a sensible hour.
    const friday = at("2025-06-13T18:30", ZONE);
    const outlook = await remindersOutlook(workspace.workspaceId, friday);
    expect(outlook).toMatchObject({ when: "Monday 9:00 NZST", open: false, sendNow: { reminders: 3, emails: 2 } });

    const { sentNow } = await turnRemindersOn(workspace.workspaceId, ownerId, friday, { sendDueNow: true });
    expect(sentNow).toEqual({ reminders: 3, emails: 2 });
    await runJobsAt(friday);
    const toAroha = await receivedBy(world.mailbox, "first-day@aroha.test");
    const toKauri = await receivedBy(world.mailbox, "first-day@kauri.test");
    expect([toAroha.length, toKauri.length]).toEqual([1, 1]);
    const { sent } = await sentInvoiceNumbers();
    expect(sent).toEqual([late.number, soon.number, overdue.number].sort());
    expect(toKauri[0].subject).toBe(`Invoice ${overdue.number} is 22 days overdue`); // on Friday

    // Only the first time: turned off and on again, the send window is the rule.
    await setReminderMode(workspace.workspaceId, ownerId, "preview", friday);
    expect((await remindersOutlook(workspace.workspaceId, at("2025-06-13T18:45", ZONE))).sendNow).toBeNull();
  });

  it("does not offer to send now outside 8:00–20:00, and then sends nothing before the window opens", async () => {
    const contactId = await workspace.contact({ name: "Night Co", emailAddress: "night@co.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "70.00" });
    await workspace.sync();
    for (const late of ["2025-06-13T20:00", "2025-06-14T07:59"]) {
      expect(await remindersOutlook(workspace.workspaceId, at(late, ZONE))).toMatchObject({ sendNow: null, open: false, when: expect.stringMatching(/^Monday 9:00 NZST$/) });
    }
    // Inside the window there is nothing to offer: they go now anyway.
    expect(await remindersOutlook(workspace.workspaceId, NOW)).toMatchObject({ sendNow: null, open: true, when: "now (until 17:00)" });
    // A dialog left open past 20:00: the button's request sends nothing early.
    const night = at("2025-06-13T21:30", ZONE);
    expect(await turnRemindersOn(workspace.workspaceId, ownerId, night, { sendDueNow: true })).toEqual({ sentNow: null });
    await runJobsAt(night);
    expect(await receivedBy(world.mailbox, "night@co.test")).toHaveLength(0);
  });

  it("says sending is suspended, once, while Xero is disconnected", async () => {
    const contactId = await workspace.contact({ name: "Disconnected Co", emailAddress: "dis@co.test" });
    for (let day = 1; day <= 5; day++) await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7 * day), amount: "10.00" });
    await workspace.sync();
    await db.execute(sql`update xero_connections set status = 'disconnected' where workspace_id = ${workspace.workspaceId}`);
    const outlook = await remindersOutlook(workspace.workspaceId, NOW);
    expect(outlook).toMatchObject({ suspended: "not_connected", attentionCount: 0, attention: [] });
    // What goes once Xero is reconnected is still listed; the page says, once, that sending is suspended.
    expect(await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 0, timeZone: ZONE, now: NOW })).toHaveLength(5);
  });
});
