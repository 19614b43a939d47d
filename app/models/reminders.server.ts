import { count, eq } from "drizzle-orm";
import { reminders } from "~db/schema";
import { db } from "~/server/db.server";

/** How many reminders the workspace has planned, sent or skipped. */
export async function countReminders(workspaceId: string) {
  const [row] = await db.select({ total: count() }).from(reminders).where(eq(reminders.workspaceId, workspaceId));
  return row?.total ?? 0;
}
