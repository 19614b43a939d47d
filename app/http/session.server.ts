// The browser session: a signed, HttpOnly cookie holding a session token
// (whose row in the database says who the user is, until it is ended or
// expires: models/sessions.server.ts) and the workspace they last used.
// Anonymous visitors carry only one-time toasts in it.
import crypto from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import type { Toast } from "~/components/toasts";
import { createSession, deleteSession, SESSION_LIFETIME_MS } from "~/models/sessions.server";
import { env } from "~/server/env.server";

type SessionData = {
  /** The random token whose hash names the session's row. */
  sessionToken: string;
  workspaceId: string;
};
type FlashData = { toast: { kind: "success" | "error"; message: string } };

export const SESSION_MAX_AGE_SECONDS = SESSION_LIFETIME_MS / 1000;

const storage = createCookieSessionStorage<SessionData, FlashData>({
  cookie: {
    name: "__solido_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Secure whenever Solido is served over HTTPS (always, in production: env.server.ts insists).
    secure: new URL(env().APP_URL).protocol === "https:",
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_MAX_AGE_SECONDS,
  },
});

export const getSession = (request: Request) => storage.getSession(request.headers.get("Cookie"));
export const commitSession = storage.commitSession;
export const destroySession = storage.destroySession;

/** The request's session token, if it carries one (whether the session still lives is the database's to say). */
export async function sessionTokenOf(request: Request) {
  return (await getSession(request)).get("sessionToken");
}

/**
 * Signs the user in on this browser: a new session row, and the cookie that
 * carries it (Set-Cookie), lasting as long as the session does.
 */
export async function signInCookie(request: Request, userId: string, options: { workspaceId?: string; toast?: FlashData["toast"] } = {}) {
  const session = await getSession(request);
  const { token, expiresAt } = await createSession(userId);
  session.set("sessionToken", token);
  if (options.workspaceId) session.set("workspaceId", options.workspaceId);
  else session.unset("workspaceId");
  if (options.toast) session.flash("toast", options.toast);
  return commitSession(session, { expires: expiresAt, maxAge: undefined });
}

/** Starts a session for a signed-in user and sends them on. */
export async function startSession(
  request: Request,
  userId: string,
  redirectTo: string,
  workspaceId?: string,
  toast?: FlashData["toast"],
) {
  return redirect(redirectTo, { headers: { "Set-Cookie": await signInCookie(request, userId, { workspaceId, toast }) } });
}

/** Signs out: the session's row goes, so the cookie is worthless even if a copy of it survives. */
export async function endSession(request: Request) {
  const session = await getSession(request);
  const token = session.get("sessionToken");
  if (token) await deleteSession(token);
  return redirect("/", { headers: { "Set-Cookie": await destroySession(session) } });
}

/** A one-time message shown after a redirect ("Sync started", "Disconnected from Xero"). */
export async function flashToast(request: Request, toast: FlashData["toast"]) {
  const session = await getSession(request);
  session.flash("toast", toast);
  return { "Set-Cookie": await commitSession(session) };
}

/**
 * For the root loader, on every page: hands over the one-time toast an action
 * flashed (reading a flash removes it). Commits only then, so an ordinary
 * page view sets no cookie.
 */
export async function readPageSession(request: Request): Promise<{ toast: Toast | null; headers: HeadersInit }> {
  const session = await getSession(request);
  const flashed = session.get("toast");
  return {
    // A fresh id, so flashing the same words twice shows the toast twice.
    toast: flashed ? { id: crypto.randomUUID(), ...flashed } : null,
    headers: flashed ? { "Set-Cookie": await commitSession(session) } : {},
  };
}
