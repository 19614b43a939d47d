// The people in a workspace, for Settings → Team.
import { asc, eq } from "drizzle-orm";
import { memberships, users } from "~db/schema";
import { db } from "~/server/db.server";

export async function listMembers(workspaceId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      givenName: users.givenName,
      familyName: users.familyName,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}
