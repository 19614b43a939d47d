import { count, eq } from "drizzle-orm";
import { contacts } from "~db/schema";
import { db } from "~/db.server";

/** How many contacts sync has copied from Xero into the workspace. */
export async function countContacts(workspaceId: string) {
  const [row] = await db.select({ total: count() }).from(contacts).where(eq(contacts.workspaceId, workspaceId));
  return row?.total ?? 0;
}
