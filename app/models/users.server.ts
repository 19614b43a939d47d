import { eq } from "drizzle-orm";
import { users } from "~db/schema";
import { db } from "~/db.server";

export type User = typeof users.$inferSelect;

export async function getUserById(id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}
