// Who is asking. Every workspace loader and action starts with
// `const { user, workspace, role } = await requireWorkspace(request, params)`.
import { redirect } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { findSessionUser } from "../models/sessions.server";
import { findUserInWorkspace, type Role } from "../models/workspaces.server";
import { sessionTokenOf } from "./session.server";

/** The user of the request's session, while that session lives (not signed out, not ended, not expired). */
export async function getOptionalUser(request: Request) {
  const token = await sessionTokenOf(request);
  return token ? findSessionUser(token) : undefined;
}

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request) {
  const user = await getOptionalUser(request);
  if (!user) throw signInFirst(request);
  return user;
}

function signInFirst(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/**
 * The workspace named in the URL, for a user who is a member of it. Anyone
 * else gets 404, not 403: a workspace's existence is not revealed.
 */
export async function requireWorkspace(request: Request, params: Params) {
  const found = await userInWorkspace(request, params.workspaceSlug ?? "");
  if (!found) throw signInFirst(request);
  if (!found.member) throw new Response("Not found", { status: 404 });
  return { user: found.user, workspace: found.member.workspace, role: found.member.role };
}

/**
 * The session's user and their membership in the workspace, in one query.
 * A page's loaders (the workspace frame's and the page's own) run for the
 * same Request, and each asks: a GET asks the database once. Anything else
 * asks afresh, since an action run in the same request (a form posted
 * without JavaScript) may change the answer before the loaders read it.
 */
function userInWorkspace(request: Request, slug: string) {
  const memoise = request.method === "GET" || request.method === "HEAD";
  const asked = memoise ? askedInRequest.get(request) : undefined;
  if (asked?.slug === slug) return asked.found;
  const found = sessionTokenOf(request).then((token) => (token ? findUserInWorkspace(token, slug) : undefined));
  if (memoise) askedInRequest.set(request, { slug, found });
  return found;
}

const askedInRequest = new WeakMap<Request, { slug: string; found: ReturnType<typeof findUserInWorkspace> }>();

const CAN_CHANGE: Role[] = ["owner", "admin"];

/** For actions: viewers may look but not change anything. */
export async function requireWorkspaceAdmin(request: Request, params: Params) {
  const context = await requireWorkspace(request, params);
  if (!CAN_CHANGE.includes(context.role)) {
    throw new Response("Only the workspace's owners and admins can change this.", { status: 403 });
  }
  return context;
}
