// Xero's contact groups copied by sync, for real: the sandbox over HTTP (its
// GET /ContactGroups and /ContactGroups/{id}), the worker's sync task,
// PostgreSQL. Groups are read at the first sync and then at most every few
// hours, never on every sync; a read makes Solido's groups and members
// exactly Xero's, so a customer who left a group in Xero leaves it here.
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { control } from "../support/sandbox-app";
import { liveWorkspace, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { contactGroups, contactGroupMembers, contacts, xeroConnections } = await import("~db/schema");
const { CONTACT_GROUPS_READ_EVERY_HOURS } = await import("~/sync/contact-groups.server");

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: "Pacific/Auckland" });
});

const groupCalls = () => world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/ContactGroups" });

async function groupInXero(name: string) {
  const group = await control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups`, { name });
  return group.ContactGroupID as string;
}
const join = (groupId: string, contactId: string) =>
  control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${groupId}/contacts/${contactId}`, undefined, "PUT");
const leave = (groupId: string, contactId: string) =>
  control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${groupId}/contacts/${contactId}`, undefined, "DELETE");

/** As if the last read of the groups was longer ago than the interval. */
async function groupsReadHoursAgo(hours: number) {
  await db.update(xeroConnections).set({ contactGroupsReadAt: sql`now() - make_interval(hours => ${hours})` }).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
}

/** Solido's groups, each with its members' names, sorted. */
async function groupsInSolido() {
  const rows = await db
    .select({ group: contactGroups.name, contact: contacts.name })
    .from(contactGroups)
    .leftJoin(contactGroupMembers, eq(contactGroupMembers.contactGroupId, contactGroups.id))
    .leftJoin(contacts, eq(contacts.id, contactGroupMembers.contactId))
    .where(eq(contactGroups.workspaceId, workspace.workspaceId));
  const byGroup = new Map<string, string[]>();
  for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), ...(row.contact ? [row.contact] : [])].sort());
  return Object.fromEntries([...byGroup].sort(([a], [b]) => a.localeCompare(b)));
}

/** A customer with an invoice (Solido holds only customers with invoices). */
async function customer(name: string) {
  const contactId = await workspace.contact({ name, emailAddress: `${name.toLowerCase().replace(/\W+/g, "-")}@groups.test` });
  await workspace.invoice(contactId, { dueDate: "2025-06-01", amount: "50.00" });
  return contactId;
}

describe("contact groups in sync", () => {
  it("reads the groups and their customers, one call for the list and one per group, and not again within the interval", async () => {
    const aroha = await customer("Aroha Cafe");
    const kiwi = await customer("Kiwi Deli");
    await customer("Tui Bakery");
    const key = await groupInXero("Key accounts");
    const wholesale = await groupInXero("Wholesale");
    await join(key, aroha);
    await join(key, kiwi);
    await join(wholesale, kiwi);
    // A group with none of Solido's customers in it is kept, empty.
    const suppliers = await groupInXero("Suppliers");

    const before = groupCalls().length;
    await workspace.sync();
    // The first sync read the (then empty) list; this one is within the interval: no call.
    expect(groupCalls().length).toBe(before);
    expect(await groupsInSolido()).toEqual({});

    await groupsReadHoursAgo(CONTACT_GROUPS_READ_EVERY_HOURS);
    await workspace.sync();
    const calls = groupCalls().slice(before);
    // Every group's members read once, whatever order the ids sort in (a matcher in a sorted list took a random place).
    expect(calls.map((call) => call.path).sort()).toEqual(["/api.xro/2.0/ContactGroups", ...[key, wholesale, suppliers].map((id) => `/api.xro/2.0/ContactGroups/${id}`)].sort());
    expect(await groupsInSolido()).toEqual({ "Key accounts": ["Aroha Cafe", "Kiwi Deli"], Suppliers: [], Wholesale: ["Kiwi Deli"] });

    const after = groupCalls().length;
    await workspace.sync();
    expect(groupCalls().length).toBe(after);
  });

  it("takes a customer out of a group they left in Xero, and drops a group deleted there, at the next read", async () => {
    const aroha = await customer("Aroha Cafe");
    const kiwi = await customer("Kiwi Deli");
    const key = await groupInXero("Key accounts");
    const gone = await groupInXero("Old promotion");
    await join(key, aroha);
    await join(key, kiwi);
    await join(gone, aroha);
    await workspace.sync();
    await groupsReadHoursAgo(CONTACT_GROUPS_READ_EVERY_HOURS);
    await workspace.sync();
    expect(await groupsInSolido()).toEqual({ "Key accounts": ["Aroha Cafe", "Kiwi Deli"], "Old promotion": ["Aroha Cafe"] });

    await leave(key, kiwi);
    await control(world.sandbox, `/organisations/${workspace.tenantId}/contact-groups/${gone}`, undefined, "DELETE");
    // Leaving a group does not change the contact in Xero: an incremental sync alone does not see it.
    await workspace.sync();
    expect(await groupsInSolido()).toEqual({ "Key accounts": ["Aroha Cafe", "Kiwi Deli"], "Old promotion": ["Aroha Cafe"] });

    await groupsReadHoursAgo(CONTACT_GROUPS_READ_EVERY_HOURS);
    await workspace.sync();
    expect(await groupsInSolido()).toEqual({ "Key accounts": ["Aroha Cafe"] });
    const [stillThere] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspace.workspaceId), eq(contacts.name, "Kiwi Deli")));
    expect(stillThere).toBeDefined();
  });
});
