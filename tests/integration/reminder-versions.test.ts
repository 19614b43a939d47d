// The reminder counter (reminder_versions) moves with every transaction that
// changes a workspace's reminders or reminder emails, so the dashboard's kept
// figures are worked out again. The planner moves it itself, once per
// workspace it writes, and its rows skip the per-row triggers (0014); every
// other writer still has the triggers move it. These tests hold both halves.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reminderEmails, reminders, reminderVersions } from "~db/schema";
import { db } from "~/server/db.server";
import { planReminders } from "~/reminders/planner.server";
import { addInvoice, createLiveWorkspace } from "../support/dashboard-fixtures";

/** A reminder row by its key, (invoice, step). */
const theReminder = (reminder: { invoiceId: string; stepId: string }) => and(eq(reminders.invoiceId, reminder.invoiceId), eq(reminders.stepId, reminder.stepId));

/** 10:00 on Wednesday 11 June 2025 in Auckland. */
const NOW = new Date("2025-06-10T22:00:00Z");

async function version(workspaceId: string) {
  const [row] = await db.select().from(reminderVersions).where(eq(reminderVersions.workspaceId, workspaceId));
  return row?.version ?? 0;
}

describe("the reminder counter", () => {
  it("moves once for each workspace a planner pass gives reminders, and not for one it gives none", async () => {
    const planned = await createLiveWorkspace();
    await addInvoice(planned.workspace.id, planned.customer.id, { dueDate: "2025-06-03" });
    await addInvoice(planned.workspace.id, planned.customer.id, { dueDate: "2025-06-01" });
    const quiet = await createLiveWorkspace();
    await addInvoice(quiet.workspace.id, quiet.customer.id, { dueDate: "2025-07-30" });
    const [before, quietBefore] = [await version(planned.workspace.id), await version(quiet.workspace.id)];

    await planReminders(NOW);

    expect(await db.select().from(reminders).where(eq(reminders.workspaceId, planned.workspace.id))).toHaveLength(2);
    expect(await version(planned.workspace.id)).toBe(before + 1);
    expect(await version(quiet.workspace.id)).toBe(quietBefore);
  });

  it("still moves for every other writer of reminders and emails, on the planner's own connections too", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: "2025-06-03" });
    await planReminders(NOW);
    const [reminder] = await db.select().from(reminders).where(eq(reminders.invoiceId, invoice.id));
    const [email] = await db.select().from(reminderEmails).where(eq(reminderEmails.contactId, customer.id));

    // Statements of their own, on whichever pooled connection ran the planner: its setting ended with its transaction.
    let expected = await version(workspace.id);
    await db.update(reminders).set({ status: "skipped", skippedReason: "test" }).where(theReminder(reminder));
    expect(await version(workspace.id)).toBe(++expected);
    await db.update(reminderEmails).set({ status: "dropped" }).where(eq(reminderEmails.id, email.id));
    expect(await version(workspace.id)).toBe(++expected);

    // A transaction that names some other transaction in the setting is an ordinary writer.
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('solido.bumps_reminder_versions', (txid_current() - 1)::text, true)`);
      await tx.delete(reminders).where(theReminder(reminder));
    });
    expect(await version(workspace.id)).toBe(++expected);
  });

  it("stays put for a send's own bookkeeping (its claim and hand-over record), and moves when the email is sent", async () => {
    const { workspace, customer } = await createLiveWorkspace();
    await addInvoice(workspace.id, customer.id, { dueDate: "2025-06-03" });
    await planReminders(NOW);
    const [email] = await db.select().from(reminderEmails).where(eq(reminderEmails.contactId, customer.id));
    await db.update(reminderEmails).set({ preparedAt: NOW, html: "<p>Hello</p>", text: "Hello", subject: "Invoice overdue" }).where(eq(reminderEmails.id, email.id));
    const prepared = await version(workspace.id);

    // What each send attempt writes before the message's final dot: none of it is read by the kept figures.
    await db.execute(sql`update reminder_emails set claimed_by = 'attempt', claimed_until = now() + interval '1 minute', attempts = attempts + 1 where id = ${email.id}`);
    await db.execute(sql`update reminder_emails set handed_over_at = clock_timestamp() where id = ${email.id}`);
    await db.execute(sql`update reminder_emails set handed_over_at = null, claimed_until = null where id = ${email.id}`);
    expect(await version(workspace.id)).toBe(prepared);

    await db.execute(sql`update reminder_emails set status = 'sent', sent_at = now() where id = ${email.id}`);
    expect(await version(workspace.id)).toBe(prepared + 1);
    await db.execute(sql`update reminder_emails set last_error = 'Recorded as sent' where id = ${email.id}`);
    expect(await version(workspace.id)).toBe(prepared + 2);
  });
});
