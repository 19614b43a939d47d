// "Then every N days until paid" after the schedule's last step, driven for
// real: the sandbox over HTTP, the local SMTP mailbox, the worker's tasks. A
// repeat is a decision of its own — (invoice, step, repeat number) — written
// before anything is sent, so it goes at most once, however many planners and
// senders run; it stops at its cap and the moment the invoice is paid, and its
// email names only the days Solido really wrote.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, remindAt, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { reminderSchedules } = await import("~db/schema");
const { planReminders, previewDueReminders } = await import("~/reminders/planner.server");
const { defaultSchedule, setReminderRepeat: setScheduleRepeat } = await import("~/reminders/schedules.server");
const { listUpcomingReminders } = await import("~/models/upcoming-reminders.server");
const { checkSendNextReminderNow, sendNextReminderNow } = await import("~/reminders/send-now.server");
const { setReminderPause } = await import("~/models/reminder-pauses.server");

const ZONE = "Pacific/Auckland";
/** Wednesday 11 June 2025, 10:00 in Auckland: inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weeksLater = (weeks: number, hours = 0) => new Date(NOW.getTime() + weeks * 7 * 86_400_000 + hours * 3_600_000);

let workspace: TestWorkspace;
let ownerId: string;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  world.mailbox.faults.clear();
  const [owner] = await db.execute<{ user_id: string }>(
    (await import("drizzle-orm")).sql`select user_id from memberships where workspace_id = ${workspace.workspaceId} limit 1`,
  );
  ownerId = owner.user_id;
});

/** A customer with one invoice whose schedule's last step (30 days) comes today. */
async function atTheLastStep(name: string, address: string) {
  const contactId = await workspace.contact({ name, emailAddress: address });
  const invoice = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -30), amount: "120.00" });
  await workspace.sync();
  return invoice;
}

/** Repeats of the workspace's default schedule (its only one here). */
async function setReminderRepeat(workspaceId: string, userId: string, repeat: { everyDays: number; limit: number } | null) {
  await setScheduleRepeat(workspaceId, userId, (await defaultSchedule(workspaceId)).id, repeat);
}

function historyOf(xeroInvoiceId: string, address: string) {
  return world.sandbox.store
    .book(workspace.tenantId)!
    .invoices.get(xeroInvoiceId)!
    .history.filter((entry) => entry.details.includes(`Payment reminder sent to ${address} by Solido`));
}

describe("repeats after the last step", () => {
  it("are off by default: nothing follows the last step", async () => {
    await atTheLastStep("Default Customer", "default@repeat.test");
    for (let week = 0; week <= 3; week++) await remindAt(weeksLater(week));
    expect(await receivedBy(world.mailbox, "default@repeat.test")).toHaveLength(1);
    expect(await previewDueReminders(workspace.workspaceId, weeksLater(4))).toEqual([]);
  });

  it("write again every N days until the cap, naming the days really written, with a history note in Xero for each", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 2 });
    const invoice = await atTheLastStep("Repeat Customer", "repeat@repeat.test");

    for (let week = 0; week <= 4; week++) await remindAt(weeksLater(week));

    const messages = await receivedBy(world.mailbox, "repeat@repeat.test");
    expect(messages.map((message) => message.subject)).toEqual([
      // The last step, as the customer's first email about the invoice: no "earlier reminders".
      expect.stringMatching(/^Payment needed: invoice .+ is 30 days overdue$/),
      expect.stringMatching(/^Payment still needed: invoice .+ is 37 days overdue$/),
      expect.stringMatching(/^Payment still needed: invoice .+ is 44 days overdue$/),
    ]);
    expect(messages[1].text).toContain("We wrote to you about this invoice on 11 June 2025.");
    expect(messages[2].text).toContain("We wrote to you about this invoice on 11 June 2025 and 18 June 2025.");
    expect(`${messages[1].text} ${messages[2].text}`).not.toMatch(/final reminder|earlier reminders/i);
    const decided = (await workspace.reminders()).map((reminder) => [reminder.repeatNumber, reminder.status]).sort();
    expect(decided).toEqual([[0, "sent"], [1, "sent"], [2, "sent"]]);
    // Each repeat's note has its own idempotency key: Xero would otherwise take the second as a retry of the first.
    expect(historyOf(invoice.xeroInvoiceId, "repeat@repeat.test")).toHaveLength(3);
  });

  it("stop the moment the invoice is paid in Xero, even after the repeat was decided", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 5 });
    const invoice = await atTheLastStep("Paying Customer", "paying@repeat.test");
    await remindAt(NOW);
    await remindAt(weeksLater(1));
    expect(await receivedBy(world.mailbox, "paying@repeat.test")).toHaveLength(2);

    // The second repeat is decided, then the customer pays in Xero before the payment check.
    expect((await planReminders(weeksLater(2))).reminders).toBe(1);
    await workspace.pay(invoice.xeroInvoiceId);
    await runJobsAt(weeksLater(2));
    for (let week = 3; week <= 5; week++) await remindAt(weeksLater(week));

    expect(await receivedBy(world.mailbox, "paying@repeat.test")).toHaveLength(2);
    const repeats = (await workspace.reminders()).filter((reminder) => reminder.repeatNumber === 2);
    expect(repeats).toEqual([expect.objectContaining({ status: "skipped", skippedReason: "paid" })]);
  });

  it("wait for a pause like any step, then send the latest one due once, not a burst", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 5 });
    const invoice = await atTheLastStep("Paused Customer", "paused@repeat.test");
    await remindAt(NOW);
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    await setReminderPause({ kind: "invoice", id: invoiceId }, { workspaceId: workspace.workspaceId, userId: ownerId, until: weeksLater(3, -1) });
    for (let week = 1; week <= 2; week++) await remindAt(weeksLater(week));
    expect(await receivedBy(world.mailbox, "paused@repeat.test")).toHaveLength(1);

    await remindAt(weeksLater(3));
    const messages = await receivedBy(world.mailbox, "paused@repeat.test");
    expect(messages).toHaveLength(2);
    expect(messages[1].subject).toMatch(/51 days overdue$/);
    expect((await workspace.reminders()).map((reminder) => reminder.repeatNumber).sort()).toEqual([0, 3]);
  });

  it("go out once when two planners and two workers run the same repeat at the same moment", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 3 });
    const addresses = Array.from({ length: 6 }, (_, index) => `twice-${index}@repeat.test`);
    for (const [index, address] of addresses.entries()) {
      const contactId = await workspace.contact({ name: `Twice Repeat ${index}`, emailAddress: address });
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -30), amount: `${20 + index}.00` });
    }
    await workspace.sync();
    await remindAt(NOW);

    const outcomes = await Promise.all([planReminders(weeksLater(1)), planReminders(weeksLater(1))]);
    expect(outcomes[0].reminders + outcomes[1].reminders).toBe(addresses.length);
    await Promise.all([runJobsAt(weeksLater(1)), runJobsAt(weeksLater(1))]);
    await Promise.all([remindAt(weeksLater(1, 2)), remindAt(weeksLater(1, 2))]);

    for (const address of addresses) expect(await receivedBy(world.mailbox, address)).toHaveLength(2);
    const repeats = (await workspace.reminders()).filter((reminder) => reminder.repeatNumber === 1);
    expect(repeats).toHaveLength(addresses.length);
    expect(repeats.every((reminder) => reminder.status === "sent")).toBe(true);
  });

  it("appear in the upcoming list, the go-live count and 'send the next reminder now' alike, on the repeat's day", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 2 });
    const invoice = await atTheLastStep("Upcoming Customer", "upcoming@repeat.test");
    await remindAt(NOW);
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);

    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 30, timeZone: ZONE, invoiceId, now: weeksLater(0, 1) });
    expect(upcoming.map((reminder) => [reminder.sendOn, reminder.repeatNumber, reminder.offsetDays])).toEqual([
      [daysFrom(TODAY, 7), 1, 37],
      [daysFrom(TODAY, 14), 2, 44],
    ]);
    expect(await previewDueReminders(workspace.workspaceId, weeksLater(1))).toEqual([expect.objectContaining({ invoiceId, repeatNumber: 1, offsetDays: 37, blocked: null })]);
    expect(await checkSendNextReminderNow(workspace.workspaceId, invoiceId, weeksLater(0, 24))).toMatchObject({ ok: true, nextRepeatNumber: 1, nextOffsetDays: 37 });

    // Sent now, the first repeat is that one decision: the scheduled pass on its day adds nothing.
    const sent = await sendNextReminderNow({ workspaceId: workspace.workspaceId, invoiceId, userId: ownerId, now: weeksLater(0, 24) });
    expect(sent).toMatchObject({ ok: true, nextRepeatNumber: 1 });
    await runJobsAt(weeksLater(0, 24));
    await remindAt(weeksLater(1));
    const messages = await receivedBy(world.mailbox, "upcoming@repeat.test");
    expect(messages).toHaveLength(2);
    expect(await listUpcomingReminders(workspace.workspaceId, { today: daysFrom(TODAY, 7), days: 30, timeZone: ZONE, invoiceId, now: weeksLater(1, 1) })).toEqual([
      expect.objectContaining({ sendOn: daysFrom(TODAY, 14), repeatNumber: 2 }),
    ]);
  });

  it("end once the workspace turns them off", async () => {
    await setReminderRepeat(workspace.workspaceId, ownerId, { everyDays: 7, limit: 3 });
    await atTheLastStep("Off Customer", "off@repeat.test");
    await remindAt(NOW);
    await setReminderRepeat(workspace.workspaceId, ownerId, null);
    for (let week = 1; week <= 3; week++) await remindAt(weeksLater(week));
    expect(await receivedBy(world.mailbox, "off@repeat.test")).toHaveLength(1);
    const [row] = await db.select({ every: reminderSchedules.repeatEveryDays }).from(reminderSchedules).where(eq(reminderSchedules.workspaceId, workspace.workspaceId));
    expect(row.every).toBeNull();
  });
});
