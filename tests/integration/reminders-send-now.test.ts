// "Send the next reminder now" from an invoice's page, through the route's
// action and the real engine: the Xero sandbox over HTTP (the payment check),
// PostgreSQL, the worker's tasks and a real SMTP server. It sends the step the
// schedule would send next, at once and outside the send window, never twice
// with the scheduled run, never after payment, and it refuses, saying why,
// whenever the scheduled run would not send either; viewers cannot use it.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { liveWorkspace, receivedBy, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { auditLog, contacts, invoices, reminderSteps, workspaces, xeroConnections } = await import("~db/schema");
const invoicePage = await import("~/routes/w.$workspaceSlug.invoices_.$invoiceId");
const { ensureDefaultSchedules, planReminders } = await import("~/reminders/planner.server");
const { checkSendNextReminderNow } = await import("~/reminders/send-now.server");
const { addMember } = await import("../support/dashboard-fixtures");
const { callRoute } = await import("../support/xero-journeys");
const { PAUSED_INDEFINITELY } = await import("~/models/reminder-pauses.server");

const ZONE = "Pacific/Auckland";
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
const daysFromToday = (days: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let workspace: TestWorkspace;
let admin: { cookie: string; user: { id: string } };
let viewer: { cookie: string };

beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  // The default schedule, as the planner's first run (or Settings → Reminders) writes it.
  await ensureDefaultSchedules(undefined, workspace.workspaceId);
  // A send window that is closed whenever the test runs: sending now must not wait for it.
  await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 1, sendWeekdays: [] }).where(eq(workspaces.id, workspace.workspaceId));
  admin = await addMember(workspace.workspaceId, "admin", "Ada Admin");
  viewer = await addMember(workspace.workspaceId, "viewer", "Vic Viewer");
  world.mailbox.faults.clear();
});

async function overdueInvoice(email: string | undefined, days = -10, amount = "150.00") {
  const contactId = await workspace.contact({ name: `Customer of ${email ?? "nobody"}`, emailAddress: email });
  const invoice = await workspace.invoice(contactId, { dueDate: daysFromToday(days), amount });
  await workspace.sync();
  return { ...invoice, contactId, id: await workspace.solidoInvoiceId(invoice.xeroInvoiceId) };
}

const page = (invoiceId: string, cookie: string) => new Request(`http://localhost/w/${workspace.slug}/invoices/${invoiceId}`, { headers: { Cookie: cookie } });
const params = (invoiceId: string) => ({ workspaceSlug: workspace.slug, invoiceId });

async function sendNow(invoiceId: string, cookie = admin.cookie) {
  const request = new Request(`http://localhost/w/${workspace.slug}/invoices/${invoiceId}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ intent: "send_now" }) });
  return callRoute(invoicePage.action, request, params(invoiceId));
}

async function buttonState(invoiceId: string) {
  const response = await callRoute(invoicePage.loader, page(invoiceId, admin.cookie), params(invoiceId));
  return (await response.json()).sendNow as { ok: boolean; step?: string; to?: string; message?: string };
}

describe("sending the next reminder now", () => {
  it("sends the step the schedule would send next at once, outside the send window, and shows it on the timeline", async () => {
    const invoice = await overdueInvoice("now@customer.test");
    // Ten days overdue with nothing sent yet: the schedule would catch up with the 7-day step.
    expect(await buttonState(invoice.id)).toEqual({ ok: true, step: "7 days after the due date", to: "now@customer.test", invoiceNumber: invoice.number });

    const response = await sendNow(invoice.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Set-Cookie")).toBeTruthy();
    await runJobsAt(new Date());

    const [message, ...others] = await receivedBy(world.mailbox, "now@customer.test");
    expect(others).toHaveLength(0);
    expect(message.subject).toBe(`Invoice ${invoice.number} is now overdue`);
    const [email] = await workspace.emails();
    expect(email).toMatchObject({ status: "sent", sendDate: today() });
    expect(message.messageId).toBe(email.messageId);
    // The payment check: Xero was asked about this very invoice.
    const checks = world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Invoices" });
    expect(checks.some((call) => call.query.includes(invoice.xeroInvoiceId))).toBe(true);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.workspaceId), eq(auditLog.action, "invoice.reminder_sent_now")));
    expect(entry).toMatchObject({ userId: admin.user.id, detail: expect.objectContaining({ invoiceId: invoice.id, offsetDays: 7, to: "now@customer.test" }) });
    const loaded = await (await callRoute(invoicePage.loader, page(invoice.id, admin.cookie), params(invoice.id))).json();
    const titles = loaded.timeline.map((event: { title: string }) => event.title);
    expect(titles).toEqual(expect.arrayContaining(["Next reminder sent now (7 days after the due date)", "Reminder sent (7 days after the due date)"]));
    // That was the customer's one email today.
    expect(loaded.sendNow).toMatchObject({ ok: false, message: expect.stringContaining("at most one a day") });
  });

  it("never picks the heads-up step before the due date for an overdue invoice nothing was sent about: it sends the overdue step that fits, in first-contact words", async () => {
    // Without the on-the-day step, the only step whose day has come for an invoice 3 days overdue is the
    // 3-days-before heads-up ("is due on …"): the wrong words for it. The 7-day step is the one that fits.
    await db.update(reminderSteps).set({ enabled: false }).where(and(eq(reminderSteps.workspaceId, workspace.workspaceId), eq(reminderSteps.offsetDays, 0)));
    const threeDays = await overdueInvoice("three-days@customer.test", -3);
    expect(await buttonState(threeDays.id)).toEqual({ ok: true, step: "7 days after the due date", to: "three-days@customer.test", invoiceNumber: threeDays.number });
    // Twenty days overdue, never reminded: the 14-day step, in its first-contact words (no "Second reminder").
    const twentyDays = await overdueInvoice("twenty-days@customer.test", -20);
    expect(await buttonState(twentyDays.id)).toMatchObject({ ok: true, step: "14 days after the due date" });

    expect((await sendNow(threeDays.id)).status).toBe(200);
    expect((await sendNow(twentyDays.id)).status).toBe(200);
    await runJobsAt(new Date());

    const [toThree] = await receivedBy(world.mailbox, "three-days@customer.test");
    expect(toThree.subject).toBe(`Invoice ${threeDays.number} is now overdue`);
    expect(toThree.text).toMatch(/is now 3 days overdue/);
    expect(toThree.text).not.toMatch(/heads-up/i);
    const [toTwenty] = await receivedBy(world.mailbox, "twenty-days@customer.test");
    expect(toTwenty.subject).toBe(`Invoice ${twentyDays.number} is 20 days overdue`);
    expect(`${toTwenty.subject}\n${toTwenty.text}`).not.toMatch(/second reminder|earlier reminder|again/i);
  });

  it("never sends twice with the scheduled run: the planner finds the step taken, a second click finds it on its way", async () => {
    const invoice = await overdueInvoice("twice@customer.test");
    await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.workspaceId));

    expect((await sendNow(invoice.id)).status).toBe(200);
    const again = await sendNow(invoice.id);
    expect(again.status).toBe(400);
    expect((await again.json()).error).toMatch(/already on its way/);
    expect((await planReminders(new Date())).reminders).toBe(0);
    await runJobsAt(new Date());
    expect((await planReminders(new Date())).reminders).toBe(0);
    await runJobsAt(new Date());

    expect(await receivedBy(world.mailbox, "twice@customer.test")).toHaveLength(1);
    expect(await workspace.reminders()).toHaveLength(1);
  });

  it("does not send when the invoice was paid in Xero since the last sync: the payment check drops it", async () => {
    const invoice = await overdueInvoice("paid-meanwhile@customer.test");
    await workspace.pay(invoice.xeroInvoiceId);

    expect((await sendNow(invoice.id)).status).toBe(200);
    await runJobsAt(new Date());

    expect(await receivedBy(world.mailbox, "paid-meanwhile@customer.test")).toHaveLength(0);
    const [reminder] = await workspace.reminders();
    expect(reminder).toMatchObject({ status: "skipped", skippedReason: "paid" });
    expect(await buttonState(invoice.id)).toMatchObject({ ok: false, message: expect.stringMatching(/paid in Xero/) });
  });

  it("refuses, saying why, whenever nothing should go: paid, no email, bouncing, paused, disconnected, in preview, no step left", async () => {
    const expectRefused = async (invoiceId: string, why: RegExp) => {
      expect(await buttonState(invoiceId)).toEqual({ ok: false, message: expect.stringMatching(why) });
      const response = await sendNow(invoiceId);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(why);
    };

    const paid = await overdueInvoice("paid@customer.test");
    await workspace.pay(paid.xeroInvoiceId);
    await workspace.sync();
    await expectRefused(paid.id, /paid in Xero/);

    const noEmail = await overdueInvoice(undefined);
    await expectRefused(noEmail.id, /has no email address in Xero/);

    const bouncing = await overdueInvoice("gone@bounce.test");
    await db.update(contacts).set({ emailBouncingSince: new Date() }).where(eq(contacts.id, await workspace.solidoContactId(bouncing.contactId)));
    await expectRefused(bouncing.id, /Emails to gone@bounce\.test bounced/);

    const pausedInvoice = await overdueInvoice("paused-invoice@customer.test");
    await db.update(invoices).set({ remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(invoices.id, pausedInvoice.id));
    await expectRefused(pausedInvoice.id, /paused for this invoice/);

    const pausedCustomer = await overdueInvoice("paused-customer@customer.test");
    await db.update(contacts).set({ remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(contacts.id, await workspace.solidoContactId(pausedCustomer.contactId)));
    await expectRefused(pausedCustomer.id, /paused for Customer of paused-customer/);

    // Every step sent already (the 30-day one is the last).
    const done = await overdueInvoice("done@customer.test", -45);
    await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.workspaceId));
    await planReminders(new Date());
    await runJobsAt(new Date());
    expect(await receivedBy(world.mailbox, "done@customer.test")).toHaveLength(1);
    await expectRefused(done.id, /Every step of your reminder schedule has already gone out/);

    const waiting = await overdueInvoice("waiting@customer.test");
    await db.update(workspaces).set({ reminderMode: "preview" }).where(eq(workspaces.id, workspace.workspaceId));
    await expectRefused(waiting.id, /Reminders are in preview: nothing goes to customers until an admin turns them on/);
    await db.update(workspaces).set({ reminderMode: "live", remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(workspaces.id, workspace.workspaceId));
    await expectRefused(waiting.id, /paused for the whole workspace/);
    await db.update(workspaces).set({ remindersPausedUntil: null }).where(eq(workspaces.id, workspace.workspaceId));
    await db.update(xeroConnections).set({ status: "needs_reconnect" }).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    await expectRefused(waiting.id, /Xero needs reconnecting/);
    await db.update(xeroConnections).set({ status: "disconnected" }).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    await expectRefused(waiting.id, /Xero is not connected/);

    await runJobsAt(new Date());
    expect(await receivedBy(world.mailbox, "waiting@customer.test")).toHaveLength(0);
    const sentNow = await db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.workspaceId), eq(auditLog.action, "invoice.reminder_sent_now")));
    expect(sentNow).toHaveLength(0);
  });

  it("answers a viewer 403 and sends nothing", async () => {
    const invoice = await overdueInvoice("viewer@customer.test");
    const response = await sendNow(invoice.id, viewer.cookie);
    expect(response.status).toBe(403);
    await runJobsAt(new Date());
    expect(await receivedBy(world.mailbox, "viewer@customer.test")).toHaveLength(0);
    expect(await workspace.reminders()).toHaveLength(0);
    const loaded = await (await callRoute(invoicePage.loader, page(invoice.id, viewer.cookie), params(invoice.id))).json();
    expect(loaded.sendNow).toBeNull();
    expect(await checkSendNextReminderNow(workspace.workspaceId, invoice.id)).toMatchObject({ ok: true });
  });
});
