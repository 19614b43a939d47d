// A sent reminder's HTML body on its own, for the frame on the email's page.
// Its own Content-Security-Policy runs no script, submits no form and loads
// nothing but inline styles and https images, so whatever the email holds
// stays inert; only Solido's own pages may frame it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireWorkspace } from "~/http/auth.server";
import { isUuid } from "~/models/invoice-detail.server";
import { getSentEmail } from "~/lists/reminder-log.server";

const EMAIL_POLICY = ["default-src 'none'", "img-src https: data:", "style-src 'unsafe-inline'", "form-action 'none'", "base-uri 'none'", "frame-ancestors 'self'"].join("; ");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const email = isUuid(params.emailId) ? await getSentEmail(workspace.id, params.emailId) : undefined;
  if (!email?.html) throw new Response("Not found", { status: 404 });
  return new Response(email.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": EMAIL_POLICY,
      "X-Frame-Options": "SAMEORIGIN",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
