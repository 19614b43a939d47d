import { users } from "~db/schema";
import { db } from "~/server/db.server";

export type User = typeof users.$inferSelect;

/** Finds the user by Xero's user id (never by email alone) and keeps their name and email current. */
export async function upsertUserFromXero(identity: {
  xeroUserId: string;
  email: string;
  givenName: string | null;
  familyName: string | null;
}): Promise<User> {
  const [user] = await db
    .insert(users)
    .values(identity)
    .onConflictDoUpdate({
      target: users.xeroUserId,
      set: { email: identity.email, givenName: identity.givenName, familyName: identity.familyName },
    })
    .returning();
  return user;
}
