// "Sign in with Xero" for returning users: identity only, no organisation consent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/http/safe-redirect";
import { journeyFailureRedirect, startXeroAuthorization } from "~/xero/authorization.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "") || undefined;
  return startXeroAuthorization(request, { journey: "signin", redirectTo }).catch((error) => journeyFailureRedirect(error, "signin"));
}
