// Schedules per Xero contact group, driven for real: groups made in the
// sandbox and read by sync over HTTP, the planner and the worker's tasks on a
// chosen clock, the local SMTP mailbox. A customer follows the schedule of
// their first group (in the order set in Settings) that has one, else the
// default; the upcoming list, "send the next reminder now" and the invoice
// page say what the planner does; a group gone in Xero sends its customers
// back to the default, and a removed schedule keeps the record of what it sent.
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { control } from "../support/sandbox-app";
import { at, liveWorkspace, receivedBy, remindAt, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { reminderInputVersions, reminderSchedules, reminders, xeroConnections } = await import("~db/schema");
const { planReminders, previewDueReminders } = await import("~/reminders/planner.server");
const schedules = await import("~/reminders/schedules.server");
const { listUpcomingReminders } = await import("~/models/upcoming-reminders.server");
const { invoiceTimeline } = await import("~/models/invoice-detail.server");
const { checkSendNextReminderNow, sendNextReminderNow } = await import("~/reminders/send-now.server");
const { remindersOutlook } = await import("~/reminders/settings.server");
const { CONTACT_GROUPS_READ_EVERY_HOURS } = await import("~/sync/contact-groups.server");

const ZONE = "Pacific/Auckland";
/** Wednesday 11 June 2025, 10:00 in Auckland: inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

let workspace: TestWorkspace;
let ownerId: string;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  ownerId = await ownerOf(workspace);
});

async function ownerOf(of: TestWorkspace) {
  const [owner] = await db.execute<{ user_id: string }>(sql`select user_id from memberships where workspace_id = ${of.workspaceId} limit 1`);
  return owner.user_id;
}

async function groupInXero(name: string, of = workspace) {
  const group = await control(world.sandbox, `/organisations/${of.tenantId}/contact-groups`, { name });
  return group.ContactGroupID as string;
}
const join = (groupId: string, contactId: string, of = workspace) =>
  control(world.sandbox, `/organisations/${of.tenantId}/contact-groups/${groupId}/contacts/${contactId}`, undefined, "PUT");

/** Sync, reading the groups now (as when the last read is older than the interval). */
async function readGroups(of = workspace) {
  await db
    .update(xeroConnections)
    .set({ contactGroupsReadAt: sql`now() - make_interval(hours => ${CONTACT_GROUPS_READ_EVERY_HOURS})` })
    .where(eq(xeroConnections.workspaceId, of.workspaceId));
  await of.sync();
}

/** A customer with one invoice due `daysOverdue` days before today; their Xero contact id, address and Solido ids. */
async function customer(name: string, daysOverdue: number, of = workspace) {
  const address = `${name.toLowerCase().replace(/\W+/g, "-")}@schedules.test`;
  const xeroContactId = await of.contact({ name, emailAddress: address });
  const invoice = await of.invoice(xeroContactId, { dueDate: daysFrom(TODAY, -daysOverdue), amount: "200.00" });
  return { xeroContactId, address, invoice };
}

async function solidoIds(of: TestWorkspace, person: Awaited<ReturnType<typeof customer>>) {
  return { contactId: await of.solidoContactId(person.xeroContactId), invoiceId: await of.solidoInvoiceId(person.invoice.xeroInvoiceId) };
}

/** Steps in words that name the schedule, so an email tells which one sent it. */
const stepsNamed = (label: string, offsets: number[]) =>
  offsets.map((offsetDays) => ({
    offsetDays,
    subject: `${label} day ${offsetDays}: invoice {{invoice_number}}`,
    body: `Hi {{contact_name}}, a note from ${label} about {{invoice_number}} for {{amount_due}}.`,
    tone: "neutral" as const,
    enabled: true,
  }));

/** A schedule for the group (found by its name among the groups without one), with these steps. */
async function scheduleForGroup(name: string, label: string, offsets: number[], of = workspace, userId = ownerId) {
  const group = (await schedules.listGroupsWithoutSchedule(of.workspaceId)).find((row) => row.name === name)!;
  const { id } = await schedules.addGroupSchedule(of.workspaceId, userId, group.xeroContactGroupId);
  await schedules.saveSchedule(of.workspaceId, id, stepsNamed(label, offsets));
  return id;
}

async function setDefaultSteps(offsets: number[]) {
  const fallback = await schedules.defaultSchedule(workspace.workspaceId);
  await schedules.saveSchedule(workspace.workspaceId, fallback.id, stepsNamed("Default", offsets));
  return fallback.id;
}

const subjects = async (address: string) => (await receivedBy(world.mailbox, address)).map((message) => message.subject);

describe("schedules per contact group", () => {
  it("sends a group's customer that group's step, in its words and on its day, and everyone else the default's", async () => {
    const aroha = await customer("Aroha Cafe", 9);
    const tui = await customer("Tui Bakery", 9);
    const key = await groupInXero("Key accounts");
    await join(key, aroha.xeroContactId);
    await readGroups();
    await scheduleForGroup("Key accounts", "Key", [10]);

    await remindAt(NOW);
    // Day 9: the default's 7-day step for Tui; the key account's first step is on day 10.
    expect(await subjects(aroha.address)).toEqual([]);
    expect(await subjects(tui.address)).toEqual([expect.stringMatching(/^Invoice .+ is now overdue$/)]);

    await remindAt(later(24));
    expect(await subjects(aroha.address)).toEqual([`Key day 10: invoice ${aroha.invoice.number}`]);
    expect(await receivedBy(world.mailbox, aroha.address)).toEqual([expect.objectContaining({ text: expect.stringContaining("a note from Key about") })]);
    expect(await subjects(tui.address)).toHaveLength(1);

    const listed = await schedules.listSchedules(workspace.workspaceId);
    expect(listed.map((schedule) => [schedule.name, schedule.isDefault, schedule.groupName, schedule.memberCount, schedule.steps.map((step) => step.offsetDays)])).toEqual([
      ["Everyone else", true, null, expect.any(Number), [-3, 0, 7, 14, 30]],
      ["Key accounts", false, "Key accounts", 1, [10]],
    ]);
  });

  it("follows the first of a customer's groups in the order set, and a reorder changes it at the next pass the same day", async () => {
    const kiwi = await customer("Kiwi Deli", 6);
    const key = await groupInXero("Key accounts");
    const wholesale = await groupInXero("Wholesale");
    await join(key, kiwi.xeroContactId);
    await join(wholesale, kiwi.xeroContactId);
    await readGroups();
    await setDefaultSteps([20]);
    await scheduleForGroup("Key accounts", "Key", [10]);
    const wholesaleId = await scheduleForGroup("Wholesale", "Wholesale", [5]);
    const { contactId } = await solidoIds(workspace, kiwi);

    expect(await schedules.scheduleForContact(workspace.workspaceId, contactId)).toEqual({
      schedule: { id: expect.any(String), name: "Key accounts", isDefault: false },
      because: { kind: "group", groupName: "Key accounts", alsoIn: ["Wholesale"] },
    });
    await remindAt(NOW);
    expect(await subjects(kiwi.address)).toEqual([]);

    await schedules.moveSchedule(workspace.workspaceId, ownerId, wholesaleId, "up");
    expect(await schedules.scheduleForContact(workspace.workspaceId, contactId)).toMatchObject({
      schedule: { id: wholesaleId, name: "Wholesale" },
      because: { kind: "group", groupName: "Wholesale", alsoIn: ["Key accounts"] },
    });
    expect((await schedules.listSchedules(workspace.workspaceId)).map((schedule) => schedule.name)).toEqual(["Everyone else", "Wholesale", "Key accounts"]);
    await remindAt(later(1));
    expect(await subjects(kiwi.address)).toEqual([`Wholesale day 5: invoice ${kiwi.invoice.number}`]);
  });

  it("plans a customer who joined a group after a pass by the group's schedule at the next pass, although the day's mark stood", async () => {
    const moana = await customer("Moana Motors", 6);
    const key = await groupInXero("Key accounts");
    await readGroups();
    await setDefaultSteps([20]);
    await scheduleForGroup("Key accounts", "Key", [5]);
    await remindAt(NOW);
    expect(await subjects(moana.address)).toEqual([]);

    await join(key, moana.xeroContactId);
    const version = async () =>
      (await db.select({ version: reminderInputVersions.version }).from(reminderInputVersions).where(eq(reminderInputVersions.workspaceId, workspace.workspaceId)))[0]?.version ?? 0;
    const before = await version();
    await readGroups();
    // Joining a group moved the planner's input version: the mark left by the pass above no longer stands.
    expect(await version()).toBeGreaterThan(before);
    await remindAt(later(1));
    expect(await subjects(moana.address)).toEqual([`Key day 5: invoice ${moana.invoice.number}`]);
  });

  it("sends a deleted group's customers back to the default schedule at the next read, and says the schedule applies to nobody", async () => {
    const rata = await customer("Rata Rentals", 6);
    const key = await groupInXero("Key accounts");
    await join(key, rata.xeroContactId);
    await readGroups();
    await setDefaultSteps([6]);
    await scheduleForGroup("Key accounts", "Key", [20]);
    const { contactId } = await solidoIds(workspace, rata);
    expect(await previewDueReminders(workspace.workspaceId, NOW)).toEqual([]);

    await control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${key}`, undefined, "DELETE");
    await readGroups();
    expect(await schedules.scheduleForContact(workspace.workspaceId, contactId)).toEqual({
      schedule: { id: expect.any(String), name: "Everyone else", isDefault: true },
      because: { kind: "default" },
    });
    const [, gone] = await schedules.listSchedules(workspace.workspaceId);
    expect(gone).toMatchObject({ name: "Key accounts", groupGone: true, groupName: null, memberCount: 0 });
    await remindAt(NOW);
    expect(await subjects(rata.address)).toEqual([`Default day 6: invoice ${rata.invoice.number}`]);
  });

  it("retires a removed schedule that sent reminders, keeping what was sent, and never goes back to an earlier step of the schedule that follows", async () => {
    const kauri = await customer("Kauri Kitchens", 5);
    const key = await groupInXero("Key accounts");
    await join(key, kauri.xeroContactId);
    await readGroups();
    const keyId = await scheduleForGroup("Key accounts", "Key", [5]);
    await remindAt(NOW);
    expect(await subjects(kauri.address)).toEqual([`Key day 5: invoice ${kauri.invoice.number}`]);
    const { contactId, invoiceId } = await solidoIds(workspace, kauri);

    await expect(schedules.removeSchedule(workspace.workspaceId, ownerId, (await schedules.defaultSchedule(workspace.workspaceId)).id)).rejects.toMatchObject({ status: 400 });
    await schedules.removeSchedule(workspace.workspaceId, ownerId, keyId);
    const [retired] = await db.select().from(reminderSchedules).where(eq(reminderSchedules.id, keyId));
    expect(retired.retiredAt).not.toBeNull();
    expect((await schedules.listSchedules(workspace.workspaceId)).map((schedule) => schedule.name)).toEqual(["Everyone else"]);
    expect((await schedules.listGroupsWithoutSchedule(workspace.workspaceId)).map((group) => [group.name, group.memberCount])).toEqual([["Key accounts", 1]]);
    expect(await schedules.scheduleForContact(workspace.workspaceId, contactId)).toMatchObject({ because: { kind: "default" } });
    // The record stays: the reminder, its step, and the invoice's timeline.
    expect(await db.select({ status: reminders.status }).from(reminders).where(eq(reminders.invoiceId, invoiceId))).toEqual([{ status: "sent" }]);
    expect((await invoiceTimeline(workspace.workspaceId, invoiceId)).filter((event) => event.kind === "reminder_sent")).toEqual([
      expect.objectContaining({ offsetDays: 5, subject: `Key day 5: invoice ${kauri.invoice.number}` }),
    ]);

    // The default's latest step that has come (day 0) is before the day-5 reminder the customer had: nothing,
    // until its day-7 step.
    expect(await previewDueReminders(workspace.workspaceId, later(1))).toEqual([]);
    await remindAt(later(48));
    expect(await subjects(kauri.address)).toEqual([`Key day 5: invoice ${kauri.invoice.number}`, expect.stringMatching(/^Invoice .+ is now overdue$/)]);

    // A schedule that sent nothing is removed for good; the group can have a new one after a retired one.
    const again = await schedules.addGroupSchedule(workspace.workspaceId, ownerId, (await schedules.listGroupsWithoutSchedule(workspace.workspaceId))[0].xeroContactGroupId);
    expect(again.id).not.toBe(keyId);
    await schedules.removeSchedule(workspace.workspaceId, ownerId, again.id);
    expect(await db.select().from(reminderSchedules).where(eq(reminderSchedules.id, again.id))).toEqual([]);
  });

  it("keeps a removed step that sent a reminder as the record, out of the schedule as listed, which saves again", async () => {
    const kowhai = await customer("Kowhai Cycles", 5);
    const key = await groupInXero("Key accounts");
    await join(key, kowhai.xeroContactId);
    await readGroups();
    const keyId = await scheduleForGroup("Key accounts", "Key", [5, 12]);
    await remindAt(NOW);
    const { invoiceId } = await solidoIds(workspace, kowhai);
    const [sent] = await db.select().from(reminders).where(eq(reminders.invoiceId, invoiceId));

    const [, twelve] = await schedules.listSteps(workspace.workspaceId, keyId);
    await schedules.saveSchedule(workspace.workspaceId, keyId, [{ ...stepsNamed("Key", [12])[0], id: twelve.id }]);
    const listed = await schedules.listSteps(workspace.workspaceId, keyId);
    expect(listed.map((step) => step.offsetDays)).toEqual([12]);
    // Saved again as listed (as the Settings page does), it is accepted: nothing of the record comes back into the form.
    await schedules.saveSchedule(workspace.workspaceId, keyId, listed.map((step) => ({ ...step, id: step.id })));
    expect((await schedules.listSchedules(workspace.workspaceId))[1].steps.map((step) => step.offsetDays)).toEqual([12]);
    expect(await db.select({ stepId: reminders.stepId, status: reminders.status }).from(reminders).where(eq(reminders.invoiceId, invoiceId))).toEqual([
      { stepId: sent.stepId, status: "sent" },
    ]);
    // The invoice's timeline still says the day it went for.
    expect((await invoiceTimeline(workspace.workspaceId, invoiceId)).filter((event) => event.kind === "reminder_sent")).toEqual([expect.objectContaining({ offsetDays: 5 })]);
  });

  it("shows a group customer's next reminder alike in the upcoming list, the go-live count, 'send now' and the invoice page", async () => {
    const pohutukawa = await customer("Pohutukawa Press", 5);
    const key = await groupInXero("Key accounts");
    await join(key, pohutukawa.xeroContactId);
    await readGroups();
    const keyId = await scheduleForGroup("Key accounts", "Key", [5, 12]);
    await schedules.setReminderRepeat(workspace.workspaceId, ownerId, keyId, { everyDays: 4, limit: 1 });
    const { invoiceId } = await solidoIds(workspace, pohutukawa);

    const due = await previewDueReminders(workspace.workspaceId, NOW);
    expect(due).toEqual([expect.objectContaining({ invoiceId, offsetDays: 5, repeatNumber: 0, blocked: null })]);
    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 30, timeZone: ZONE, invoiceId, now: NOW });
    expect(upcoming.map((reminder) => [reminder.sendOn, reminder.stepId, reminder.offsetDays, reminder.repeatNumber])).toEqual([
      [TODAY, due[0].stepId, 5, 0],
      [daysFrom(TODAY, 7), expect.any(String), 12, 0],
      // the Key schedule's own repeat, 4 days after its last step (the default does not repeat): day 16 is a
      // Sunday, so the Monday after
      [daysFrom(TODAY, 12), expect.any(String), 16, 1],
    ]);
    expect(await remindersOutlook(workspace.workspaceId, NOW)).toMatchObject({ reminders: 1, emails: 1 });
    expect(await checkSendNextReminderNow(workspace.workspaceId, invoiceId, NOW)).toMatchObject({ ok: true, nextOffsetDays: 5, nextRepeatNumber: 0 });

    expect(await sendNextReminderNow({ workspaceId: workspace.workspaceId, invoiceId, userId: ownerId, now: NOW })).toMatchObject({ ok: true, nextOffsetDays: 5 });
    await runJobsAt(NOW);
    expect(await subjects(pohutukawa.address)).toEqual([`Key day 5: invoice ${pohutukawa.invoice.number}`]);
    expect((await invoiceTimeline(workspace.workspaceId, invoiceId)).filter((event) => event.kind === "reminder_sent")).toEqual([expect.objectContaining({ offsetDays: 5 })]);
    // Tomorrow, "send now" offers the Key schedule's next step (the default has none on day 12).
    expect(await checkSendNextReminderNow(workspace.workspaceId, invoiceId, later(24))).toMatchObject({ ok: true, nextOffsetDays: 12 });
    expect(await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 30, timeZone: ZONE, invoiceId, now: later(1) })).toEqual([
      expect.objectContaining({ offsetDays: 12, sendOn: daysFrom(TODAY, 7) }),
      expect.objectContaining({ offsetDays: 16, repeatNumber: 1 }),
    ]);
    // The scheduled pass finds the step taken.
    expect((await planReminders(later(1))).reminders).toBe(0);
  });

  it("sends each reminder once with two planners and two workers over two schedules", async () => {
    const key = await groupInXero("Key accounts");
    const people = [];
    for (let index = 0; index < 6; index++) {
      const person = await customer(`Twice Schedules ${index}`, 7);
      if (index % 2 === 0) await join(key, person.xeroContactId);
      people.push(person);
    }
    await readGroups();
    await scheduleForGroup("Key accounts", "Key", [6]);

    const outcomes = await Promise.all([planReminders(NOW), planReminders(NOW)]);
    expect(outcomes[0].reminders + outcomes[1].reminders).toBe(people.length);
    await Promise.all([runJobsAt(NOW), runJobsAt(NOW)]);
    await Promise.all([remindAt(later(1)), remindAt(later(1))]);

    for (const [index, person] of people.entries()) {
      expect(await subjects(person.address)).toEqual([index % 2 === 0 ? `Key day 6: invoice ${person.invoice.number}` : expect.stringMatching(/^Invoice .+ is now overdue$/)]);
    }
    const decided = await workspace.reminders();
    expect(decided).toHaveLength(people.length);
    expect(decided.every((reminder) => reminder.status === "sent")).toBe(true);
  });

  it("refuses another workspace's schedule, group and customer, and changes nothing of theirs", async () => {
    const theirs = await liveWorkspace(world, { timeZone: ZONE });
    const theirOwner = await ownerOf(theirs);
    const hine = await customer("Hine Homeware", 3, theirs);
    const group = await groupInXero("Their key accounts", theirs);
    await join(group, hine.xeroContactId, theirs);
    await readGroups(theirs);
    const theirSchedule = await scheduleForGroup("Their key accounts", "Theirs", [10], theirs, theirOwner);
    const [theirGroup] = await db.execute<{ xero_contact_group_id: string }>(
      sql`select xero_contact_group_id from contact_groups where workspace_id = ${theirs.workspaceId}`,
    );
    const { contactId } = await solidoIds(theirs, hine);
    const before = await schedules.listSchedules(theirs.workspaceId);

    const mine = workspace.workspaceId;
    const refusals = [
      () => schedules.saveSchedule(mine, theirSchedule, stepsNamed("Mine", [1])),
      () => schedules.setReminderRepeat(mine, ownerId, theirSchedule, { everyDays: 1, limit: 12 }),
      () => schedules.moveSchedule(mine, ownerId, theirSchedule, "up"),
      () => schedules.removeSchedule(mine, ownerId, theirSchedule),
      () => schedules.addGroupSchedule(mine, ownerId, theirGroup.xero_contact_group_id),
      () => schedules.scheduleForContact(mine, contactId),
      () => schedules.saveSchedule(mine, "not-a-schedule-id", []),
    ];
    for (const refusal of refusals) await expect(refusal()).rejects.toMatchObject({ status: 404 });
    expect(await schedules.listSchedules(theirs.workspaceId)).toEqual(before);
    expect((await schedules.listSchedules(mine)).map((schedule) => schedule.name)).toEqual(["Everyone else"]);
    expect(await db.select().from(reminderSchedules).where(and(eq(reminderSchedules.workspaceId, mine), sql`${reminderSchedules.xeroContactGroupId} is not null`))).toEqual([]);
  });
});
