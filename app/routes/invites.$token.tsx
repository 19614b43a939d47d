// Where an invitation link lands. Signed out: sign in with Xero, which comes
// back here. Signed in: one button joins the workspace (a GET never changes
// anything, so a mail scanner following the link cannot use it up).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser, requireUser } from "~/http/auth.server";
import { Button, LinkButton } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { XeroLinkButton } from "~/components/xero-button";
import { displayName } from "~/display/display-name";
import { acceptInvitation, findInvitation, isForSomeoneElse, type InvitationState } from "~/models/team.server";
import { flashToast } from "~/http/session.server";

export const meta: MetaFunction = () => [{ title: "Join a workspace · Solido" }];

const UNUSABLE: Record<Exclude<InvitationState, "valid">, string> = {
  expired: "This invitation has expired. Ask whoever invited you to send a new one.",
  accepted: "This invitation has already been used. If it was you, sign in to reach the workspace.",
  revoked: "This invitation was withdrawn. Ask the workspace's admins if you still need access.",
};

/** "j•••@example.test": enough for the right person to recognise, not a gift to whoever holds a forwarded link. */
const maskedEmail = (email: string) => {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}•••${email.slice(at)}` : "•••";
};

const forSomeoneElse = (invitedEmail: string, signedInEmail: string) =>
  `This invitation was sent to ${maskedEmail(invitedEmail)}, and you're signed in as ${signedInEmail}. Sign out, then sign in with the Xero login that uses the invited address — or ask for an invitation to your own.`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [found, user] = await Promise.all([findInvitation(params.token ?? ""), getOptionalUser(request)]);
  if (!found) throw new Response("Not found", { status: 404 });
  const wrongPerson = found.state === "valid" && user && isForSomeoneElse(found.invitation, user);
  return {
    workspaceName: found.workspaceName,
    inviter: found.inviterGivenName ?? found.inviterEmail ?? "Someone",
    role: found.invitation.role,
    problem: found.state !== "valid" ? UNUSABLE[found.state] : wrongPerson ? forSomeoneElse(found.invitation.email, user.email) : null,
    canSignOut: Boolean(wrongPerson),
    signedInAs: user ? displayName(user) : null,
    signInUrl: `/auth/xero/signin?${new URLSearchParams({ redirectTo: `/invites/${params.token}` })}`,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await acceptInvitation(params.token ?? "", user);
  if (!outcome.ok) {
    if (outcome.state === "unknown") throw new Response("Not found", { status: 404 });
    if (outcome.state === "someone_else") return data({ problem: forSomeoneElse(outcome.invitedEmail ?? "", user.email), canSignOut: true }, { status: 403 });
    return data({ problem: outcome.state === "valid" ? null : UNUSABLE[outcome.state], canSignOut: false }, { status: 400 });
  }
  const message = outcome.alreadyMember ? "You were already in this workspace." : "Welcome! You've joined the workspace.";
  return redirect(`/w/${outcome.slug}`, { headers: await flashToast(request, { kind: "success", message }) });
}

export default function AcceptInvitation() {
  const { workspaceName, inviter, role, signedInAs, signInUrl, ...loaded } = useLoaderData<typeof loader>();
  // The link can be used up between showing this page and pressing Join (another tab, another person).
  const acted = useActionData<typeof action>();
  const problem = acted?.problem ?? loaded.problem;
  const canSignOut = acted?.canSignOut ?? loaded.canSignOut;
  return (
    <CenteredPage title={`Join ${workspaceName}`}>
      {problem ? (
        <>
          <p className="text-sm">{problem}</p>
          {canSignOut ? (
            <Form method="post" action="/logout">
              <Button type="submit" variant="secondary">
                Sign out
              </Button>
            </Form>
          ) : (
            <LinkButton to="/login" variant="secondary">
              Sign in
            </LinkButton>
          )}
        </>
      ) : (
        <>
          <p className="text-sm">
            {inviter} invited you to join {workspaceName} on Solido as {role === "admin" ? "an admin" : "a viewer"}.
          </p>
          {signedInAs ? (
            <Form method="post">
              <p className="mb-3 text-sm text-slate-600">Signed in as {signedInAs}.</p>
              <Button type="submit" size="lg">
                Join {workspaceName}
              </Button>
            </Form>
          ) : (
            <XeroLinkButton to={signInUrl} reloadDocument>
              Sign in with Xero to join
            </XeroLinkButton>
          )}
        </>
      )}
    </CenteredPage>
  );
}
