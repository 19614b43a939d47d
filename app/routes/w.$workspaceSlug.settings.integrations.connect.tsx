// Settings → Integrations → Connect / Reconnect Xero: off to Xero's consent
// screen for this workspace. Owners and admins only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { journeyFailureRedirect, startXeroAuthorization } from "~/xero/authorization.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  const journey = workspace.xeroTenantId ? "reconnect" : "connect";
  return startXeroAuthorization(request, {
    journey,
    workspaceId: workspace.id,
    workspaceSlug: workspace.slug,
    userId: user.id,
  }).catch((error) => journeyFailureRedirect(error, journey, workspace.slug));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return redirect(`/w/${workspace.slug}/settings/integrations`);
}
