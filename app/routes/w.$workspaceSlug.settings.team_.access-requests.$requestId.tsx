// An owner's or admin's answer to a request to join (Settings → Team →
// Asking to join): approve with a role, or decline. Back to Team either way.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { requireWorkspaceAdmin } from "~/http/auth.server";
import { decideAccessRequest } from "~/models/access-requests.server";
import { flashToast } from "~/http/session.server";

const Decision = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), role: z.enum(["admin", "viewer"]) }),
  z.object({ decision: z.literal("decline") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Only answers are posted here; asking who is asking first keeps a signed-out visitor's way to sign in.
  await requireWorkspaceAdmin(request, params);
  throw new Response("Not found", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  const back = `/w/${workspace.slug}/settings/team`;
  const parsed = Decision.safeParse(Object.fromEntries(await request.formData()));
  const requestId = z.uuid().safeParse(params.requestId);
  if (!parsed.success || !requestId.success) {
    return redirect(back, { headers: await flashToast(request, { kind: "error", message: "Choose Let them in or Decline." }) });
  }
  const decided = await decideAccessRequest({
    workspaceId: workspace.id,
    requestId: requestId.data,
    adminUserId: user.id,
    decision: parsed.data.decision === "approve" ? { approve: true, role: parsed.data.role } : { approve: false },
  });
  const message = !decided
    ? { kind: "error" as const, message: "That request was already answered." }
    : parsed.data.decision === "approve"
      ? { kind: "success" as const, message: `${decided.email} can now open ${workspace.name}. We've emailed them.` }
      : { kind: "success" as const, message: `Declined ${decided.email}'s request.` };
  return redirect(back, { headers: await flashToast(request, message) });
}
