// Schedules per Xero contact group, as people use them: Settings → Reminders'
// "Schedules for Xero contact groups" card, a group's own schedule page, and
// the contact page's "Reminder schedule" line, through their loaders and
// actions with real Requests as an admin and as a viewer, over the sandbox's
// real contact groups (read by the real sync) and PostgreSQL.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_URL, callRoute, control } from "../support/sandbox-app";
import { liveWorkspace, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { memberships, users, xeroConnections } = await import("~db/schema");
const { signInCookie } = await import("~/http/session.server");
const { CONTACT_GROUPS_READ_EVERY_HOURS } = await import("~/sync/contact-groups.server");
const settingsRoute = await import("~/routes/w.$workspaceSlug.settings.reminders");
const scheduleRoute = await import("~/routes/w.$workspaceSlug.settings.reminders_.schedules.$scheduleId");
const contactRoute = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");

let workspace: TestWorkspace;
let admin: string;
let viewer: string;
const groups: Record<string, string> = {};
const customers: Record<string, string> = {};

async function member(role: "viewer" | "admin") {
  const [user] = await db.insert(users).values({ xeroUserId: `groups-${role}-${workspace.workspaceId}`, email: `${role}-${workspace.workspaceId.slice(0, 8)}@groups.test` }).returning();
  await db.insert(memberships).values({ workspaceId: workspace.workspaceId, userId: user.id, role });
  return (await signInCookie(new Request(APP_URL), user.id)).split(";")[0];
}

const groupInXero = async (name: string) => (await control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups`, { name })).ContactGroupID as string;
const join = (group: string, contact: string) => control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${group}/contacts/${contact}`, undefined, "PUT");

/** The sync's next run reads the groups again (they are read every few hours, decision 0018). */
async function readGroupsAgain() {
  await db.update(xeroConnections).set({ contactGroupsReadAt: sql`now() - make_interval(hours => ${CONTACT_GROUPS_READ_EVERY_HOURS})` }).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
  await workspace.sync();
}

const settingsUrl = () => `${APP_URL}/w/${workspace.slug}/settings/reminders`;
const scheduleUrl = (id: string) => `${settingsUrl()}/schedules/${id}`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

type Settings = Awaited<ReturnType<typeof settingsRoute.loader>>;
type GroupPage = Awaited<ReturnType<typeof scheduleRoute.loader>>;

const loadSettings = async (cookie = admin) =>
  (await (await callRoute(settingsRoute.loader, new Request(settingsUrl(), { headers: { Cookie: cookie } }), { workspaceSlug: workspace.slug })).json()) as Settings;
const postSettings = (fields: Record<string, string>, cookie = admin) =>
  callRoute(settingsRoute.action, new Request(settingsUrl(), { method: "POST", body: form(fields), headers: { Cookie: cookie } }), { workspaceSlug: workspace.slug });
const openSchedule = (id: string, cookie = admin) => callRoute(scheduleRoute.loader, new Request(scheduleUrl(id), { headers: { Cookie: cookie } }), { workspaceSlug: workspace.slug, scheduleId: id });
const loadSchedule = async (id: string, cookie = admin) => (await (await openSchedule(id, cookie)).json()) as GroupPage;
const postSchedule = (id: string, fields: Record<string, string>, cookie = admin) =>
  callRoute(scheduleRoute.action, new Request(scheduleUrl(id), { method: "POST", body: form(fields), headers: { Cookie: cookie } }), { workspaceSlug: workspace.slug, scheduleId: id });
const contactSchedule = async (xeroContactId: string) => {
  const contactId = await workspace.solidoContactId(xeroContactId);
  const url = `${APP_URL}/w/${workspace.slug}/contacts/${contactId}`;
  const response = await callRoute(contactRoute.loader, new Request(url, { headers: { Cookie: admin } }), { workspaceSlug: workspace.slug, contactId });
  return ((await response.json()) as Awaited<ReturnType<typeof contactRoute.loader>>).schedule;
};

const groupIdOf = async (name: string) => (await loadSettings()).groupSchedules.withoutSchedule.find((group) => group.name === name)!.xeroContactGroupId;
const scheduleOf = async (name: string) => (await loadSettings()).groupSchedules.schedules.find((schedule) => schedule.groupName === name)!;

beforeAll(async () => {
  workspace = await liveWorkspace(world, { timeZone: "Pacific/Auckland" });
  admin = await member("admin");
  viewer = await member("viewer");
});

describe("Schedules for Xero contact groups, in Settings → Reminders", () => {
  it("says where to create groups in Xero while the organisation has none", async () => {
    const settings = await loadSettings();
    expect(settings.groupSchedules).toEqual({ schedules: [], withoutSchedule: [] });
    // The default schedule is the one the page edits, as before.
    expect(settings.steps.map((step) => step.offsetDays)).toEqual([-3, 0, 7, 14, 30]);
  });

  it("offers each group read from Xero with its number of customers", async () => {
    for (const name of ["Aroha Cafe", "Kiwi Deli", "Tui Bakery"]) {
      customers[name] = await workspace.contact({ name, emailAddress: `${name.toLowerCase().replace(/\W+/g, "-")}@groups.test` });
      await workspace.invoice(customers[name], { dueDate: "2025-06-01", amount: "50.00" });
    }
    groups["Key accounts"] = await groupInXero("Key accounts");
    groups.Retail = await groupInXero("Retail");
    await join(groups["Key accounts"], customers["Aroha Cafe"]);
    await join(groups["Key accounts"], customers["Kiwi Deli"]);
    await join(groups.Retail, customers["Kiwi Deli"]);
    await readGroupsAgain();
    const { groupSchedules } = await loadSettings();
    expect(groupSchedules.schedules).toEqual([]);
    expect(groupSchedules.withoutSchedule.map(({ name, memberCount }) => [name, memberCount]).sort()).toEqual([
      ["Key accounts", 2],
      ["Retail", 1],
    ]);
  });

  it("refuses to add a schedule without a group, in words next to the select", async () => {
    const none = await postSettings({ intent: "add-group-schedule", xeroContactGroupId: "" });
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ intent: "add-group-schedule", errors: { xeroContactGroupId: "Choose a group." } });
    expect((await loadSettings()).groupSchedules.schedules).toEqual([]);
  });

  it("adds a group's schedule as a copy of everyone else's and opens it, and refuses a second for the same group", async () => {
    const keyAccounts = await groupIdOf("Key accounts");
    const added = await postSettings({ intent: "add-group-schedule", xeroContactGroupId: keyAccounts });
    expect(added.status).toBe(302);
    const schedule = await scheduleOf("Key accounts");
    expect(added.headers.get("location")).toBe(`/w/${workspace.slug}/settings/reminders/schedules/${schedule.id}`);
    expect(schedule).toMatchObject({ groupGone: false, groupSize: 2, memberCount: 2, editPath: `/w/${workspace.slug}/settings/reminders/schedules/${schedule.id}` });
    const page = await loadSchedule(schedule.id);
    const defaults = (await loadSettings()).steps;
    expect(page.steps.map(({ offsetDays, subject, tone }) => ({ offsetDays, subject, tone }))).toEqual(defaults.map(({ offsetDays, subject, tone }) => ({ offsetDays, subject, tone })));
    expect(page.schedule).toMatchObject({ groupName: "Key accounts", groupSize: 2, memberCount: 2, before: [] });
    // Each schedule's previews show an invoice of a customer who follows it.
    expect(["Aroha Cafe", "Kiwi Deli"]).toContain(page.preview.contactName);
    expect((await loadSettings()).preview.contactName).toBe("Tui Bakery");

    const again = await postSettings({ intent: "add-group-schedule", xeroContactGroupId: keyAccounts });
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("That group has a schedule already");
    expect((await loadSettings()).groupSchedules.schedules).toHaveLength(1);
  });

  it("saves a group's steps and repeats on its own page, leaving everyone else's alone", async () => {
    const { id } = await scheduleOf("Key accounts");
    const { steps } = await loadSchedule(id);
    const gentle = steps.map((step, index) => (index === 2 ? { ...step, subject: "A gentle note about {{invoice_number}}" } : step));
    const saved = await postSchedule(id, { intent: "schedule", schedule: JSON.stringify(gentle) });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/w/${workspace.slug}/settings/reminders/schedules/${id}`);
    expect((await loadSchedule(id)).steps[2].subject).toBe("A gentle note about {{invoice_number}}");
    expect((await loadSettings()).steps[2].subject).not.toBe("A gentle note about {{invoice_number}}");

    const repeated = await postSchedule(id, { intent: "repeat", repeat: "on", everyDays: "10", limit: "2" });
    expect(repeated.status).toBe(302);
    expect((await loadSchedule(id)).repeat).toEqual({ everyDays: 10, limit: 2 });
    expect((await loadSettings()).repeat.everyDays).toBeNull();
  });

  it("refuses a wrong step on a group's page with the field's error, the saved steps unchanged", async () => {
    const { id } = await scheduleOf("Key accounts");
    const { steps } = await loadSchedule(id);
    const typo = await postSchedule(id, { intent: "schedule", schedule: JSON.stringify(steps.map((step, index) => (index === 0 ? { ...step, subject: "Pay {{amount}} now" } : step))) });
    expect(typo.status).toBe(400);
    const answer = (await typo.json()) as { intent: string; errors: Record<string, string> };
    expect(answer.intent).toBe("schedule");
    expect(answer.errors["schedule.0.subject"]).toContain("Only these placeholders work");
    expect((await loadSchedule(id)).steps).toEqual(steps);
    // A section of Settings that is not the schedule's is not on this page.
    expect((await postSchedule(id, { intent: "mode", mode: "live" })).status).toBe(400);
  });

  it("lists group schedules in the order they apply, moves them, and the contact page says which applies and why", async () => {
    await postSettings({ intent: "add-group-schedule", xeroContactGroupId: await groupIdOf("Retail") });
    const order = async () => (await loadSettings()).groupSchedules.schedules.map((schedule) => schedule.groupName);
    expect(await order()).toEqual(["Key accounts", "Retail"]);
    const keyAccounts = await scheduleOf("Key accounts");
    const retail = await scheduleOf("Retail");
    expect((await loadSchedule(retail.id)).schedule.before).toEqual(["Key accounts"]);
    // Kiwi Deli, Retail's one customer, is in Key accounts too, whose schedule comes first.
    expect(retail).toMatchObject({ groupSize: 1, memberCount: 0 });
    expect(keyAccounts).toMatchObject({ groupSize: 2, memberCount: 2 });

    // Kiwi Deli is in both: the first applies, the other is named as coming later.
    expect(await contactSchedule(customers["Kiwi Deli"])).toEqual({
      name: "Key accounts",
      path: `/w/${workspace.slug}/settings/reminders/schedules/${keyAccounts.id}`,
      because: { kind: "group", groupName: "Key accounts", alsoIn: ["Retail"] },
    });
    expect(await contactSchedule(customers["Tui Bakery"])).toEqual({ name: "Everyone else", path: `/w/${workspace.slug}/settings/reminders`, because: { kind: "default" } });

    const moved = await postSettings({ intent: "move-group-schedule", scheduleId: retail.id, direction: "up" });
    expect(moved.status).toBe(302);
    expect(await order()).toEqual(["Retail", "Key accounts"]);
    expect((await contactSchedule(customers["Kiwi Deli"])).because).toEqual({ kind: "group", groupName: "Retail", alsoIn: ["Key accounts"] });
    expect((await contactSchedule(customers["Aroha Cafe"])).because).toEqual({ kind: "group", groupName: "Key accounts", alsoIn: [] });

    await postSettings({ intent: "move-group-schedule", scheduleId: retail.id, direction: "down" });
    expect(await order()).toEqual(["Key accounts", "Retail"]);
  });

  it("shows the settings to a viewer and refuses them every change, on both pages", async () => {
    const { id } = await scheduleOf("Key accounts");
    const settings = await loadSettings(viewer);
    expect(settings.canChange).toBe(false);
    expect(settings.groupSchedules.schedules).toHaveLength(2);
    expect((await loadSchedule(id, viewer)).canChange).toBe(false);
    const before = await loadSchedule(id);
    for (const refused of [
      await postSettings({ intent: "add-group-schedule", xeroContactGroupId: groups.Retail }, viewer),
      await postSettings({ intent: "move-group-schedule", scheduleId: id, direction: "down" }, viewer),
      await postSettings({ intent: "remove-group-schedule", scheduleId: id }, viewer),
      await postSchedule(id, { intent: "schedule", schedule: JSON.stringify(before.steps.map((step) => ({ ...step, subject: "Viewer's words" }))) }, viewer),
      await postSchedule(id, { intent: "repeat" }, viewer),
    ]) {
      expect(refused.status).toBe(403);
    }
    expect(await loadSchedule(id)).toEqual(before);
    expect((await loadSettings()).groupSchedules.schedules.map((schedule) => schedule.groupName)).toEqual(["Key accounts", "Retail"]);
  });

  it("answers 404 for a schedule that is not the workspace's, and sends the default's page to Settings → Reminders", async () => {
    expect((await openSchedule("not-a-uuid")).status).toBe(404);
    expect((await openSchedule(crypto.randomUUID())).status).toBe(404);
    expect((await postSchedule(crypto.randomUUID(), { intent: "repeat" })).status).toBe(404);
    const { listSchedules } = await import("~/reminders/schedules.server");
    const everyoneElse = (await listSchedules(workspace.workspaceId)).find((schedule) => schedule.isDefault)!;
    const toSettings = await openSchedule(everyoneElse.id);
    expect(toSettings.status).toBe(302);
    expect(toSettings.headers.get("location")).toBe(`/w/${workspace.slug}/settings/reminders`);
    // Nor can the settings page's remove or move reach the default.
    const removeDefault = await postSettings({ intent: "remove-group-schedule", scheduleId: everyoneElse.id });
    expect(removeDefault.status).toBe(400);
    expect(JSON.stringify(await removeDefault.json())).toContain("That schedule is no longer there");
  });

  it("shows a schedule whose group was deleted in Xero as applying to nobody, and removes it; the last removal puts customers back on everyone else's", async () => {
    await control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${groups.Retail}`, undefined, "DELETE");
    await readGroupsAgain();
    const retail = await scheduleOf("Retail");
    expect(retail).toMatchObject({ groupGone: true, groupSize: 0, memberCount: 0 });
    expect(await contactSchedule(customers["Kiwi Deli"])).toMatchObject({ name: "Key accounts", because: { kind: "group", groupName: "Key accounts", alsoIn: [] } });

    const removed = await postSettings({ intent: "remove-group-schedule", scheduleId: retail.id });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("location")).toBe(`/w/${workspace.slug}/settings/reminders`);
    expect((await loadSettings()).groupSchedules.schedules.map((schedule) => schedule.groupName)).toEqual(["Key accounts"]);
    expect((await openSchedule(retail.id)).status).toBe(404);
    // Removing the last group's schedule puts its customers back on everyone else's.
    const keyAccounts = await scheduleOf("Key accounts");
    expect((await postSettings({ intent: "remove-group-schedule", scheduleId: keyAccounts.id })).status).toBe(302);
    expect(await contactSchedule(customers["Aroha Cafe"])).toMatchObject({ name: "Everyone else", because: { kind: "default" } });
    const { withoutSchedule } = (await loadSettings()).groupSchedules;
    expect(withoutSchedule.map((group) => group.name)).toEqual(["Key accounts"]);
  });
});
