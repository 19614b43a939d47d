// The browser session: a signed, HttpOnly cookie holding only who the user is
// and which workspace they last used. Rolling: readPageSession re-issues it
// daily, so it lasts 30 days from the last visit.
import crypto from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import type { Toast } from "~/components/toasts";
import { env } from "../server/env.server";

type SessionData = {
  userId: string;
  workspaceId: string;
  /** When the cookie was last re-issued (ms since epoch): sessions roll, 30 days from the last visit. */
  renewedAt: number;
};
type FlashData = { toast: { kind: "success" | "error"; message: string } };

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

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

/** Starts a session for a signed-in user and sends them on. */
export async function startSession(
  request: Request,
  userId: string,
  redirectTo: string,
  workspaceId?: string,
  toast?: FlashData["toast"],
) {
  const session = await getSession(request);
  session.set("userId", userId);
  session.set("renewedAt", Date.now());
  if (workspaceId) session.set("workspaceId", workspaceId);
  else session.unset("workspaceId");
  if (toast) session.flash("toast", toast);
  return redirect(redirectTo, { headers: { "Set-Cookie": await commitSession(session) } });
}

export async function endSession(request: Request) {
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await destroySession(session) } });
}

/** A one-time message shown after a redirect ("Sync started", "Disconnected from Xero"). */
export async function flashToast(request: Request, toast: FlashData["toast"]) {
  const session = await getSession(request);
  session.flash("toast", toast);
  return { "Set-Cookie": await commitSession(session) };
}

const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * For the root loader, on every page: hands over the one-time toast an action
 * flashed (reading a flash removes it) and keeps a signed-in user's session
 * rolling — re-issued at most once a day, so it lasts 30 days from the last
 * visit. Commits only when one of those changed the session, so an anonymous
 * visitor gets no cookie.
 */
export async function readPageSession(request: Request): Promise<{ toast: Toast | null; headers: HeadersInit }> {
  const session = await getSession(request);
  const flashed = session.get("toast");
  const renew = Boolean(session.get("userId")) && Date.now() - (session.get("renewedAt") ?? 0) > RENEW_AFTER_MS;
  if (renew) session.set("renewedAt", Date.now());
  return {
    // A fresh id, so flashing the same words twice shows the toast twice.
    toast: flashed ? { id: crypto.randomUUID(), ...flashed } : null,
    headers: flashed || renew ? { "Set-Cookie": await commitSession(session) } : {},
  };
}
