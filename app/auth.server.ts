// Who is asking. Every workspace loader and action starts with
// `const { user, workspace, role } = await requireWorkspace(request, params)`.
import { redirect } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { getUserById } from "./models/users.server";
import { findMemberWorkspace, type Role } from "./models/workspaces.server";
import { getSession } from "./session.server";

export async function getOptionalUser(request: Request) {
  const session = await getSession(request);
  const userId = session.get("userId");
  return userId ? getUserById(userId) : undefined;
}

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request) {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

/**
 * The workspace named in the URL, for a user who is a member of it. Anyone
 * else gets 404, not 403: a workspace's existence is not revealed.
 */
export async function requireWorkspace(request: Request, params: Params) {
  const user = await requireUser(request);
  const found = params.workspaceSlug ? await findMemberWorkspace(user.id, params.workspaceSlug) : undefined;
  if (!found) throw new Response("Not found", { status: 404 });
  return { user, workspace: found.workspace, role: found.role };
}

const CAN_CHANGE: Role[] = ["owner", "admin"];

/** For actions: viewers may look but not change anything. */
export async function requireWorkspaceAdmin(request: Request, params: Params) {
  const context = await requireWorkspace(request, params);
  if (!CAN_CHANGE.includes(context.role)) {
    throw new Response("Only the workspace's owners and admins can change this.", { status: 403 });
  }
  return context;
}
