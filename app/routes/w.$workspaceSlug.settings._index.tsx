import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireWorkspace } from "~/http/auth.server";

/** Settings opens on its first section. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return redirect(`/w/${workspace.slug}/settings/integrations`);
}
