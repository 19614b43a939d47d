// Copies the organisation's contact groups (Contacts → Groups in Xero, e.g.
// "Key accounts") and which customers are in each, so reminders can follow a
// schedule per group (issue 20 part 2).
//
// What Xero offers, and what this relies on (xero_accounting.yaml;
// developer.xero.com/documentation/api/accounting/contactgroups):
// - GET /ContactGroups "retrieves the contact Id and name of each contact
//   group": ACTIVE ones only ("Only contact groups with a status of ACTIVE are
//   returned on GETs"), without their members, in one unpaged call.
// - GET /ContactGroups/{ContactGroupID} adds "the ContactID and Name of
//   Contacts in a contact group" ("Returned on GETs when the ContactGroupID is
//   supplied in the URL"): one call per group.
// - Contact groups are read with the contacts scope Solido already holds
//   (accounting.contacts.read).
// - Neither takes If-Modified-Since, and Xero does not say that joining or
//   leaving a group changes the contact's UpdatedDateUTC, so the incremental
//   contacts read cannot be trusted to notice; the sandbox leaves it unchanged.
//
// Cost: 1 + (number of groups) calls a read. Read at the first sync and then
// at most every CONTACT_GROUPS_READ_EVERY_HOURS (6) — never on every sync,
// which runs every few minutes and would spend 1 + groups calls each time for
// something a business changes a few times a year. Four reads a day of an
// organisation with 5 groups is 24 calls, 0.5% of Xero's 5,000 (2.4% of the
// Starter tier's 1,000). A membership change in Xero reaches Solido within 6
// hours; decided in docs/decisions/0018-contact-groups-in-sync.md.
import { eq, sql as drizzleSql } from "drizzle-orm";
import { xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import type { XeroGateway, XeroResult } from "~/xero/gateway.server";

export const CONTACT_GROUPS_READ_EVERY_HOURS = 6;

type Group = { xeroContactGroupId: string; name: string; xeroContactIds: string[] };
type RawGroup = { ContactGroupID?: string; Name?: string; Status?: string; Contacts?: { ContactID?: string }[] };

/** Whether the groups are due a read: never read, or read longer ago than the interval. */
export function contactGroupsDue(readAt: Date | null, now: Date): boolean {
  return readAt === null || now.getTime() - readAt.getTime() >= CONTACT_GROUPS_READ_EVERY_HOURS * 3_600_000;
}

/**
 * Reads the groups and their members when due (or `force`), and makes Solido's copy match: groups Xero no
 * longer has go (their members with them), each group's members are exactly Xero's list, for the customers
 * Solido holds. Returns whether it read, and how many calls it spent.
 */
export async function syncContactGroups(gateway: XeroGateway, workspaceId: string, options: { now: Date; force?: boolean }): Promise<XeroResult<{ read: boolean; calls: number }>> {
  const [connection] = await db.select({ readAt: xeroConnections.contactGroupsReadAt }).from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  if (!options.force && !contactGroupsDue(connection?.readAt ?? null, options.now)) return { ok: true, value: { read: false, calls: 0 } };
  const listed = await gateway.call("ContactGroups", (client, tenantId) => client.accountingApi.getContactGroups(tenantId));
  if (!listed.ok) return listed;
  const active = ((listed.value.data.ContactGroups ?? []) as RawGroup[]).filter((group) => group.ContactGroupID && (group.Status ?? "ACTIVE") === "ACTIVE");
  const groups: Group[] = [];
  for (const group of active) {
    const read = await gateway.call("ContactGroups", (client, tenantId) => client.accountingApi.getContactGroup(tenantId, group.ContactGroupID!));
    if (!read.ok) return read;
    const [full] = (read.value.data.ContactGroups ?? []) as RawGroup[];
    groups.push({
      xeroContactGroupId: group.ContactGroupID!.toLowerCase(),
      name: group.Name ?? full?.Name ?? "",
      xeroContactIds: (full?.Contacts ?? []).map((contact) => contact.ContactID?.toLowerCase()).filter((id): id is string => Boolean(id)),
    });
  }
  await writeContactGroups(workspaceId, groups, options.now);
  return { ok: true, value: { read: true, calls: 1 + active.length } };
}

/** One transaction: the groups as Xero has them, their members exactly Xero's, and the time of the read. */
async function writeContactGroups(workspaceId: string, groups: Group[], now: Date) {
  const payload = JSON.stringify(groups);
  await db.transaction(async (tx) => {
    await tx.execute(drizzleSql`
      delete from contact_groups g where g.workspace_id = ${workspaceId}
        and g.xero_contact_group_id <> all(array(select x->>'xeroContactGroupId' from jsonb_array_elements(${payload}::jsonb) x))`);
    await tx.execute(drizzleSql`
      insert into contact_groups (workspace_id, xero_contact_group_id, name)
      select ${workspaceId}, x->>'xeroContactGroupId', x->>'name' from jsonb_array_elements(${payload}::jsonb) x
      on conflict (workspace_id, xero_contact_group_id) do update set name = excluded.name, updated_at = now()
        where contact_groups.name is distinct from excluded.name`);
    // Members: what Xero lists now, for the customers Solido holds (matched by Xero's contact id).
    await tx.execute(drizzleSql`
      with wanted as (
        select g.id as contact_group_id, c.id as contact_id
        from jsonb_array_elements(${payload}::jsonb) x
        join contact_groups g on g.workspace_id = ${workspaceId} and g.xero_contact_group_id = x->>'xeroContactGroupId'
        cross join lateral jsonb_array_elements_text(x->'xeroContactIds') member(xero_contact_id)
        join contacts c on c.workspace_id = ${workspaceId} and c.xero_contact_id = member.xero_contact_id
      ),
      gone as (
        delete from contact_group_members m where m.workspace_id = ${workspaceId}
          and (m.contact_group_id, m.contact_id) not in (select contact_group_id, contact_id from wanted)
      )
      insert into contact_group_members (workspace_id, contact_group_id, contact_id)
      select ${workspaceId}, contact_group_id, contact_id from wanted
      on conflict do nothing`);
    await tx.update(xeroConnections).set({ contactGroupsReadAt: now }).where(eq(xeroConnections.workspaceId, workspaceId));
  });
}
