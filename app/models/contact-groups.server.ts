// A workspace's Xero contact groups as sync copied them (app/sync/contact-groups.server.ts), for the pages.
import { count, eq } from "drizzle-orm";
import { contactGroupMembers, contactGroups } from "~db/schema";
import { db } from "~/server/db.server";

/** How many of the workspace's customers each contact group holds, by Xero's group id (groups with none included). */
export async function contactGroupSizes(workspaceId: string) {
  const rows = await db
    .select({ xeroContactGroupId: contactGroups.xeroContactGroupId, size: count(contactGroupMembers.contactId) })
    .from(contactGroups)
    .leftJoin(contactGroupMembers, eq(contactGroupMembers.contactGroupId, contactGroups.id))
    .where(eq(contactGroups.workspaceId, workspaceId))
    .groupBy(contactGroups.xeroContactGroupId);
  return new Map(rows.map((row) => [row.xeroContactGroupId, row.size]));
}
