// Someone who shares an organisation already in Solido: their request to join
// its workspace. POST is the one click that asks (the owners and admins are
// emailed); GET says where it stands, and opens the workspace once they are in.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/http/auth.server";
import { Button, LinkButton } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { listOfNames } from "~/components/refusal-page";
import { findOwnAccessRequest, requestAccess, workspaceAdmins } from "~/models/access-requests.server";
import { flashToast } from "~/http/session.server";

export const meta: MetaFunction = () => [{ title: "Asking for access · Solido" }];

async function ownRequest(request: Request, requestId: string | undefined) {
  const user = await requireUser(request);
  const id = z.uuid().safeParse(requestId);
  const found = id.success ? await findOwnAccessRequest(id.data, user.id) : undefined;
  if (!found) throw new Response("Not found", { status: 404 });
  return { user, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, found } = await ownRequest(request, params.requestId);
  const admins = await workspaceAdmins(found.workspaceId);
  return {
    id: found.id,
    status: found.status,
    workspaceName: found.workspaceName,
    workspaceSlug: found.status === "approved" ? found.workspaceSlug : null,
    admins: admins.map((admin) => admin.name),
    email: user.email,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = await ownRequest(request, params.requestId);
  await requestAccess(found.id, user.id);
  return redirect(`/access-requests/${found.id}`, {
    headers: await flashToast(request, { kind: "success", message: `Asked for access to ${found.workspaceName}.` }),
  });
}

export default function AccessRequestPage() {
  const { id, status, workspaceName, workspaceSlug, admins, email } = useLoaderData<typeof loader>();
  const who = listOfNames(admins);
  const signOut = (
    <Form method="post" action="/logout">
      <Button type="submit" variant="secondary">
        Sign out
      </Button>
    </Form>
  );
  if (status === "approved" && workspaceSlug) {
    return (
      <CenteredPage title={`You're in ${workspaceName}`}>
        <p>Your request was approved.</p>
        <LinkButton to={`/w/${workspaceSlug}`}>Open {workspaceName}</LinkButton>
      </CenteredPage>
    );
  }
  if (status === "requested") {
    return (
      <CenteredPage title="Request sent">
        <p data-testid="access-request-status">
          We've asked {who} to let you into <strong>{workspaceName}</strong>. You'll get an email at <strong className="break-all">{email}</strong> as soon as
          they do; then sign in with Xero and you'll go straight there.
        </p>
        <div className="flex flex-wrap gap-3">{signOut}</div>
      </CenteredPage>
    );
  }
  return (
    <CenteredPage title={`Ask for access to ${workspaceName}`}>
      <p>
        {status === "declined" ? "Your last request was declined. " : ""}
        {who} {admins.length > 1 ? "look" : "looks"} after {workspaceName} in Solido and can let you in.
      </p>
      <Form method="post" action={`/access-requests/${id}`}>
        <Button type="submit" size="lg" className="w-full">
          Ask {admins.length === 1 ? who : "them"} for access
        </Button>
      </Form>
      <div className="flex flex-wrap gap-3">{signOut}</div>
    </CenteredPage>
  );
}
