import { count, eq } from "drizzle-orm";
import { invoices } from "~db/schema";
import { db } from "~/db.server";

/** How many invoices sync has copied from Xero into the workspace. */
export async function countInvoices(workspaceId: string) {
  const [row] = await db.select({ total: count() }).from(invoices).where(eq(invoices.workspaceId, workspaceId));
  return row?.total ?? 0;
}
