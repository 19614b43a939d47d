// The browser session: a signed, HttpOnly cookie holding only who the user is
// and which workspace they last used. Rolling: every response that commits it
// extends it by another 30 days.
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env } from "./env.server";

type SessionData = { userId: string; workspaceId: string };
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
