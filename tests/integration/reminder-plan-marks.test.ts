// The planner's marks (reminder_plan_marks): after a complete pass a workspace
// is read again only where something can have become due — a step whose day
// has come, or any change to what decides its reminders. These tests change
// each of those inputs after a pass and check the next pass, the same day,
// plans exactly what a planner without marks would: nothing is missed.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, invoices, reminderMinimumAmounts, reminderPlanMarks, reminderSteps, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { planReminders } from "~/reminders/planner.server";
import { saveSchedule } from "~/reminders/schedules.server";
import { PAUSED_INDEFINITELY, setReminderPause } from "~/models/reminder-pauses.server";
import { addContact, addInvoice, createLiveWorkspace } from "../support/dashboard-fixtures";

/** 10:00 on Wednesday 11 June 2025 in Auckland. */
const NOW = new Date("2025-06-10T22:00:00Z");
const TODAY = "2025-06-11";
const later = (hours: number, from = NOW) => new Date(from.getTime() + hours * 3_600_000);
const day = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);


/** The offsets of the steps each invoice has been given, in the order decided. */
async function decided(invoiceId: string) {
  const rows = await db.execute<{ offset_days: number }>(sql`
    select s.offset_days from reminders r join reminder_steps s on s.id = r.step_id where r.invoice_id = ${invoiceId} order by r.created_at, s.offset_days`);
  return rows.map((row) => row.offset_days);
}

async function mark(workspaceId: string) {
  const [row] = await db.select().from(reminderPlanMarks).where(eq(reminderPlanMarks.workspaceId, workspaceId));
  return row;
}

describe("planning again after a complete pass", () => {
  it("plans nothing the second time the same day, and leaves the day's mark", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-8) });

    expect((await planReminders(NOW)).reminders).toBeGreaterThanOrEqual(1);
    expect(await decided(invoice.id)).toEqual([7]);
    expect(await mark(workspace.id)).toEqual(expect.objectContaining({ plannedOn: TODAY }));

    expect((await planReminders(later(1))).reminders).toBe(0);
    expect(await decided(invoice.id)).toEqual([7]);
  });

  it("gives an invoice whose steps came on later days only the latest of them, once, without any change in between", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-1) });
    await planReminders(NOW);
    expect(await decided(invoice.id)).toEqual([0]);

    // Nothing runs for two weeks; the 7- and 14-day steps come meanwhile.
    await planReminders(later(14 * 24));
    expect(await decided(invoice.id)).toEqual([0, 14]);
    expect(await mark(workspace.id)).toEqual(expect.objectContaining({ plannedOn: day(14) }));
    await planReminders(later(15 * 24));
    expect(await decided(invoice.id)).toEqual([0, 14]);
  });

  it("reads an invoice whose step comes the next day, among many that have nothing new", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const quiet = await addInvoice(workspace.id, customer.id, { dueDate: day(-3) });
    const next = await addInvoice(workspace.id, customer.id, { dueDate: day(-6) });
    await planReminders(NOW);
    expect([await decided(quiet.id), await decided(next.id)]).toEqual([[0], [0]]);

    await planReminders(later(24));
    expect([await decided(quiet.id), await decided(next.id)]).toEqual([[0], [0, 7]]);
  });

  it("plans the same day a step added to the schedule after the pass", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-10) });
    await planReminders(NOW);
    expect(await decided(invoice.id)).toEqual([7]);

    const steps = await db.select().from(reminderSteps).where(eq(reminderSteps.workspaceId, workspace.id));
    await saveSchedule(workspace.id, steps[0].scheduleId, [
      ...steps.map((step) => ({ id: step.id, offsetDays: step.offsetDays, subject: step.subject, body: step.body, tone: step.tone, enabled: step.enabled })),
      { offsetDays: 9, subject: "Nine days", body: "Please pay {{invoice_number}}.", tone: "neutral" as const, enabled: true },
    ]);
    await planReminders(later(1));
    expect(await decided(invoice.id)).toEqual([7, 9]);
  });

  it("plans the same day an invoice resumed after the pass", async () => {
    const { workspace, owner, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-8) });
    await setReminderPause({ kind: "invoice", id: invoice.id }, { workspaceId: workspace.id, userId: owner.id, until: PAUSED_INDEFINITELY });
    await planReminders(NOW);
    expect(await decided(invoice.id)).toEqual([]);

    await setReminderPause({ kind: "invoice", id: invoice.id }, { workspaceId: workspace.id, userId: owner.id, until: null });
    await planReminders(later(1));
    expect(await decided(invoice.id)).toEqual([7]);
  });

  it("plans at the first pass after an invoice's or a customer's pause ends by itself, with nothing written in between", async () => {
    const { workspace, owner, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-8) });
    const other = await addContact(workspace.id, { name: "Kiwi Plumbing" });
    const theirs = await addInvoice(workspace.id, other.id, { dueDate: day(-8) });
    await setReminderPause({ kind: "invoice", id: invoice.id }, { workspaceId: workspace.id, userId: owner.id, until: later(2) });
    await setReminderPause({ kind: "contact", id: other.id }, { workspaceId: workspace.id, userId: owner.id, until: later(4) });
    await planReminders(NOW);
    await planReminders(later(1));
    expect([await decided(invoice.id), await decided(theirs.id)]).toEqual([[], []]);

    await planReminders(later(3));
    expect([await decided(invoice.id), await decided(theirs.id)]).toEqual([[7], []]);
    await planReminders(later(5));
    expect([await decided(invoice.id), await decided(theirs.id)]).toEqual([[7], [7]]);
  });

  it("plans the same day an invoice open again after a payment is deleted, and one whose due date moved earlier", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const reopened = await addInvoice(workspace.id, customer.id, { dueDate: day(-8), status: "PAID", amountDue: "0", settledSeenAt: NOW });
    const moved = await addInvoice(workspace.id, customer.id, { dueDate: day(20) });
    await planReminders(NOW);
    expect([await decided(reopened.id), await decided(moved.id)]).toEqual([[], []]);

    await db.update(invoices).set({ status: "AUTHORISED", amountDue: "100.00", settledSeenAt: null }).where(eq(invoices.id, reopened.id));
    await db.update(invoices).set({ dueDate: day(-1) }).where(eq(invoices.id, moved.id));
    await planReminders(later(1));
    expect([await decided(reopened.id), await decided(moved.id)]).toEqual([[7], [0]]);
  });

  it("plans the same day for a customer whose email arrived, and an invoice a lowered minimum now lets through", async () => {
    const { workspace } = await createLiveWorkspace();
    const silent = await addContact(workspace.id, { name: "No Email Ltd", emailAddress: null });
    const unreachable = await addInvoice(workspace.id, silent.id, { dueDate: day(-8) });
    const small = await addInvoice(workspace.id, (await addContact(workspace.id)).id, { dueDate: day(-8), amountDue: "5.00" });
    await db.insert(reminderMinimumAmounts).values({ workspaceId: workspace.id, currencyCode: "NZD", minimumAmountDue: "10.00" });
    await planReminders(NOW);
    expect([await decided(unreachable.id), await decided(small.id)]).toEqual([[], []]);

    await db.update(contacts).set({ emailAddress: "accounts@noemail.test" }).where(eq(contacts.id, silent.id));
    await db.update(reminderMinimumAmounts).set({ minimumAmountDue: "1.00" }).where(eq(reminderMinimumAmounts.workspaceId, workspace.id));
    await planReminders(later(1));
    expect([await decided(unreachable.id), await decided(small.id)]).toEqual([[7], [7]]);
  });

  it("catches up a workspace that was paused or outside its sending days with the latest step only", async () => {
    const { workspace, owner, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: day(-1) });
    await planReminders(NOW);
    await setReminderPause({ kind: "workspace" }, { workspaceId: workspace.id, userId: owner.id, until: later(10 * 24) });
    await planReminders(later(8 * 24));
    expect(await decided(invoice.id)).toEqual([0]);

    // The pause ends on Saturday 21 June; the workspace now sends on weekdays only. Monday has the
    // 7-day step (due since the 17th) to send, Tuesday the 14-day one.
    await db.update(workspaces).set({ sendWeekdays: [1, 2, 3, 4, 5] }).where(eq(workspaces.id, workspace.id));
    await planReminders(later(11 * 24));
    expect(await decided(invoice.id)).toEqual([0]);
    await planReminders(later(12 * 24));
    expect(await decided(invoice.id)).toEqual([0, 7]);
    await planReminders(later(13 * 24));
    expect(await decided(invoice.id)).toEqual([0, 7, 14]);
  });
});
