// The URL the Xero App Store listing points at: "Sign up with Xero" — one
// consent for identity and the organisation's data.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { journeyFailureRedirect, startXeroAuthorization } from "~/xero/authorization.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return startXeroAuthorization(request, { journey: "signup" }).catch((error) => journeyFailureRedirect(error, "signup"));
}
