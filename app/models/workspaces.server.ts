// Workspaces and who belongs to them. Every read is through a membership, so
// a user can never load a workspace they are not in.
import { and, asc, eq } from "drizzle-orm";
import { memberships, workspaces } from "~db/schema";
import { db } from "~/db.server";

export type Workspace = typeof workspaces.$inferSelect;
export type Role = (typeof memberships.$inferSelect)["role"];

export async function findMemberWorkspace(userId: string, slug: string) {
  const [row] = await db
    .select({ workspace: workspaces, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, eq(memberships.workspaceId, workspaces.id))
    .where(and(eq(workspaces.slug, slug), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function listMemberWorkspaces(userId: string) {
  return db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, eq(memberships.workspaceId, workspaces.id))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name));
}
