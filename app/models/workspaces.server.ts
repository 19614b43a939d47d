// Workspaces and who belongs to them. Every read is through a membership, so
// a user can never load a workspace they are not in.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { memberships, sessions, users, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { hashSessionToken } from "./sessions.server";

export type Workspace = typeof workspaces.$inferSelect;
export type Role = (typeof memberships.$inferSelect)["role"];

/**
 * Who is asking for which workspace, in one round trip: the live session's
 * user, the workspace at the slug and the user's role in it (null for a
 * non-member). Every workspace page's loaders ask this, so the query is built
 * once per process (a prepared statement), not once per request.
 */
const userInWorkspace = db
  .select({ user: users, workspace: workspaces, role: memberships.role })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .leftJoin(workspaces, eq(workspaces.slug, sql.placeholder("slug")))
  .leftJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, users.id)))
  .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql`now()`)))
  .limit(1)
  .prepare("user_in_workspace");

/**
 * The session's user (undefined when the session was ended, has expired or
 * never was) and the workspace at the slug if they are a member of it.
 */
export async function findUserInWorkspace(sessionToken: string, slug: string) {
  const [row] = await userInWorkspace.execute({ tokenHash: hashSessionToken(sessionToken), slug });
  if (!row) return undefined;
  return { user: row.user, member: row.workspace && row.role ? { workspace: row.workspace, role: row.role } : undefined };
}

const memberWorkspaces = db
  .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
  .from(workspaces)
  .innerJoin(memberships, eq(memberships.workspaceId, workspaces.id))
  .where(eq(memberships.userId, sql.placeholder("userId")))
  .orderBy(asc(workspaces.name))
  .prepare("member_workspaces");

export async function listMemberWorkspaces(userId: string) {
  return memberWorkspaces.execute({ userId });
}
