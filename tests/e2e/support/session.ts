// Puts people and workspaces straight into the e2e database and signs a
// browser in as one of them as "Sign in with Xero" would: a session row in
// the database (sessions end on the server: signing out, removal, 30 days)
// and the app's own signed cookie carrying its token — so tests start where
// the sign-in flow ends.
import crypto from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { openDatabase } from "~db/client";
import { eq } from "drizzle-orm";
import { memberships, users, workspaces, xeroConnections } from "~db/schema";

export type Database = ReturnType<typeof openDatabase>["db"];
export type Role = (typeof memberships.$inferInsert)["role"];

const unique = () => crypto.randomBytes(4).toString("hex");

export function openTestDatabase() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the e2e global setup publishes it when the stack starts.");
  return openDatabase(url, { max: 2 });
}

export async function createUser(db: Database, name: { givenName?: string; familyName?: string; email?: string } = {}) {
  const id = unique();
  const [user] = await db
    .insert(users)
    .values({
      xeroUserId: `e2e-${id}`,
      email: name.email ?? `person-${id}@solido.test`,
      givenName: name.givenName ?? "Robin",
      familyName: name.familyName ?? `Tester ${id}`,
    })
    .returning();
  return user;
}

/** Binds the workspace to a (made-up) Xero organisation, as connecting Xero would: inviting people takes one. */
export async function connectWorkspace(db: Database, workspace: { id: string }) {
  const tenantId = crypto.randomUUID();
  await db.update(workspaces).set({ xeroTenantId: tenantId }).where(eq(workspaces.id, workspace.id));
  await db.insert(xeroConnections).values({ workspaceId: workspace.id, tenantId, xeroConnectionId: crypto.randomUUID(), scopes: [] });
}

/** A workspace with a slug no other test uses, so tests run in parallel. */
export async function createWorkspace(db: Database, owner: { id: string }, name = "Harbour Plumbing", role: Role = "owner") {
  const [workspace] = await db
    .insert(workspaces)
    .values({ slug: `e2e-${unique()}`, name: `${name} ${unique()}` })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace.id, userId: owner.id, role });
  return workspace;
}

type SessionOptions = { workspaceId?: string; toast?: { kind: "success" | "error"; message: string } };

/** The Set-Cookie header the app itself would send after signing this user in, with the session's row written to the e2e database. */
export async function sessionCookieFor(baseURL: string, userId: string, options: SessionOptions = {}) {
  // Imported here, not at the top: Playwright loads test files before the
  // global setup has published SESSION_SECRET, and the modules read it on load.
  const { createSession } = await import("~/models/sessions.server");
  const { commitSession, getSession } = await import("~/http/session.server");
  const connection = openTestDatabase();
  try {
    const { token, expiresAt } = await createSession(userId, { executor: connection.db });
    const session = await getSession(new Request(baseURL));
    session.set("sessionToken", token);
    if (options.workspaceId) session.set("workspaceId", options.workspaceId);
    if (options.toast) session.flash("toast", options.toast);
    return await commitSession(session, { expires: expiresAt, maxAge: undefined });
  } finally {
    await connection.close();
  }
}

export async function signIn(context: BrowserContext, baseURL: string, userId: string, options: SessionOptions = {}) {
  const setCookie = await sessionCookieFor(baseURL, userId, options);
  const [pair, ...attributes] = setCookie.split(";").map((part) => part.trim());
  const separator = pair.indexOf("=");
  const flag = (name: string) => attributes.some((attribute) => attribute.toLowerCase() === name);
  await context.addCookies([
    {
      name: pair.slice(0, separator),
      value: pair.slice(separator + 1),
      domain: new URL(baseURL).hostname,
      path: "/",
      httpOnly: flag("httponly"),
      secure: flag("secure"),
      sameSite: "Lax",
    },
  ]);
}
