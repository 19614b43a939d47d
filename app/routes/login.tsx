import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/http/auth.server";
import { CenteredPage } from "~/components/centered-page";
import { XeroLinkButton } from "~/components/xero-button";
import { safeRedirect } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in · Solido" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  if (await getOptionalUser(request)) throw redirect(redirectTo || "/");
  return { redirectTo };
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const start = redirectTo ? `/auth/xero/signin?${new URLSearchParams({ redirectTo })}` : "/auth/xero/signin";
  return (
    <CenteredPage title="Sign in to Solido">
      <p>Solido uses your Xero login: no new password to remember.</p>
      <XeroLinkButton to={start} reloadDocument className="w-full">
        Sign in with Xero
      </XeroLinkButton>
      <p className="text-sm text-slate-600">
        New to Solido?{" "}
        <Link to="/signup" reloadDocument className="font-semibold text-teal-800 underline hover:text-teal-900">
          Sign up with Xero
        </Link>{" "}
        and connect your organisation in one step.
      </p>
    </CenteredPage>
  );
}
