// Signed-in sessions, kept in the database so they can end: signing out,
// being removed from a workspace, or 30 days after signing in (however busy).
// The cookie carries a random token; only its SHA-256 is stored. Why a row
// per session and not a per-user version: docs/decisions/0006-server-side-sessions.md.
import crypto from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sessions, users } from "~db/schema";
import { db } from "~/server/db.server";

/** A session ends this long after signing in, whatever happens in between. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export const hashSessionToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new session for the user (and the user's expired ones cleared away): the token for the cookie, and when it ends. */
export async function createSession(userId: string, options: { executor?: Executor; now?: Date } = {}) {
  const executor = options.executor ?? db;
  const now = options.now ?? new Date();
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await executor.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now)));
  await executor.insert(sessions).values({ tokenHash: hashSessionToken(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

const sessionUser = db
  .select({ user: users })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql`now()`)))
  .limit(1)
  .prepare("session_user");

/** The user a live session belongs to; undefined once it was ended or has expired. */
export async function findSessionUser(token: string) {
  const [row] = await sessionUser.execute({ tokenHash: hashSessionToken(token) });
  return row?.user;
}

/** Ends one session (signing out). */
export async function deleteSession(token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSessionToken(token)));
}

/**
 * Deletes sessions that have ended (expired rows no cookie can use any more), for the sessions_sweep
 * crontab job: a user who never signs in again would otherwise keep theirs for good. Returns how many.
 */
export async function deleteExpiredSessions(now: Date = new Date()) {
  const deleted = await db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ tokenHash: sessions.tokenHash });
  return deleted.length;
}

/** Ends every session of the user, e.g. in the transaction that removes them from a workspace. */
export async function deleteUserSessions(executor: Executor, userId: string) {
  await executor.delete(sessions).where(eq(sessions.userId, userId));
}
