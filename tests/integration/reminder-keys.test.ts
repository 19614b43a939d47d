// The reminder tables' keys to their workspace go through a row of that
// workspace (a reminder's step, an email's customer), not straight to
// `workspaces`: one check per row the planner writes instead of two. These
// tests hold them to what the direct keys guaranteed, and to what they add.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, reminderEmails, reminders, reminderSteps, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { planReminders } from "~/reminders/planner.server";
import { addInvoice, createLiveWorkspace } from "../support/dashboard-fixtures";

/** A reminder row by its key, (invoice, step). */
const theReminder = (reminder: { invoiceId: string; stepId: string }) => and(eq(reminders.invoiceId, reminder.invoiceId), eq(reminders.stepId, reminder.stepId));

/** 10:00 on Wednesday 11 June 2025 in Auckland. */
const NOW = new Date("2025-06-10T22:00:00Z");

/** A live workspace with one customer whose invoice, 8 days overdue, has been given its 7-day reminder. */
async function plannedWorkspace() {
  const { workspace, customer } = await createLiveWorkspace();
  const invoice = await addInvoice(workspace.id, customer.id, { dueDate: "2025-06-03" });
  await planReminders(NOW);
  const [reminder] = await db.select().from(reminders).where(eq(reminders.invoiceId, invoice.id));
  const [email] = await db.select().from(reminderEmails).where(eq(reminderEmails.contactId, customer.id));
  return { workspace, customer, invoice, reminder, email };
}

describe("the reminder tables' keys", () => {
  it("go with their workspace: a deleted workspace takes its reminders and reminder emails with it", async () => {
    const { workspace, reminder, email } = await plannedWorkspace();
    expect(reminder).toBeDefined();
    expect(email).toBeDefined();
    await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
    expect(await db.select().from(reminders).where(eq(reminders.workspaceId, workspace.id))).toEqual([]);
    expect(await db.select().from(reminderEmails).where(eq(reminderEmails.workspaceId, workspace.id))).toEqual([]);
  });

  it("refuse a reminder for a workspace that does not exist, or with another workspace's step", async () => {
    const { workspace, reminder } = await plannedWorkspace();
    const other = await plannedWorkspace();
    await expect(db.update(reminders).set({ workspaceId: crypto.randomUUID() }).where(theReminder(reminder))).rejects.toThrow();
    await expect(db.update(reminders).set({ workspaceId: other.workspace.id }).where(theReminder(reminder))).rejects.toThrow();
    const [theirStep] = await db.select().from(reminderSteps).where(eq(reminderSteps.workspaceId, other.workspace.id));
    await expect(db.update(reminders).set({ stepId: theirStep.id }).where(theReminder(reminder))).rejects.toThrow();
    const [kept] = await db.select().from(reminders).where(theReminder(reminder));
    expect(kept).toEqual(reminder);
    expect(kept.workspaceId).toBe(workspace.id);
  });

  it("refuse an email for a workspace that does not exist, or to another workspace's customer", async () => {
    const { email } = await plannedWorkspace();
    const other = await plannedWorkspace();
    await expect(db.update(reminderEmails).set({ workspaceId: crypto.randomUUID() }).where(eq(reminderEmails.id, email.id))).rejects.toThrow();
    await expect(db.update(reminderEmails).set({ workspaceId: other.workspace.id }).where(eq(reminderEmails.id, email.id))).rejects.toThrow();
    await expect(db.update(reminderEmails).set({ contactId: other.customer.id }).where(eq(reminderEmails.id, email.id))).rejects.toThrow();
    const [kept] = await db.select().from(reminderEmails).where(eq(reminderEmails.id, email.id));
    expect(kept).toEqual(email);
  });

  it("still remove a deleted step's reminders, and a deleted customer's emails", async () => {
    const { customer, reminder, email } = await plannedWorkspace();
    await db.delete(reminderSteps).where(eq(reminderSteps.id, reminder.stepId));
    expect(await db.select().from(reminders).where(theReminder(reminder))).toEqual([]);
    await db.delete(contacts).where(eq(contacts.id, customer.id));
    expect(await db.select().from(reminderEmails).where(eq(reminderEmails.id, email.id))).toEqual([]);
  });
});
