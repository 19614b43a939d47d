// "New workspace" from the workspace switcher (and where a signed-in user with
// no workspace lands): a name, then Settings → Integrations to connect Xero.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/http/auth.server";
import { Button } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { DEFAULT_WORKSPACE_NAME, createWorkspace } from "~/models/workspace-setup.server";
import { listMemberWorkspaces } from "~/models/workspaces.server";
import { db } from "~/server/db.server";
import { startSession } from "~/http/session.server";
import { openAccessRequestOf } from "~/models/access-requests.server";
import { XeroLinkButton } from "~/components/xero-button";
import { unfinishedConsentOf } from "~/xero/consent.server";

export const meta: MetaFunction = () => [{ title: "New workspace · Solido" }];

const NewWorkspace = z.object({
  name: z.string().trim().min(1, "Give the workspace a name.").max(80, "Keep the name under 80 characters."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const memberOf = await listMemberWorkspaces(user.id);
  // Someone with nowhere to go yet carries on where they stopped: an organisation half-chosen, or a request to join.
  if (memberOf.length === 0) {
    const unfinished = await unfinishedConsentOf(user.id);
    if (unfinished) throw redirect(`/auth/xero/choose?consent=${unfinished.id}`);
    const asked = await openAccessRequestOf(user.id);
    if (asked) throw redirect(`/access-requests/${asked.id}`);
  }
  return { firstWorkspace: memberOf.length === 0, defaultName: DEFAULT_WORKSPACE_NAME };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = NewWorkspace.safeParse(form);
  if (!parsed.success) {
    return data({ error: parsed.error.issues[0].message, name: String(form.name ?? "") }, { status: 400 });
  }
  const workspace = await db.transaction((tx) => createWorkspace(tx, { name: parsed.data.name, ownerId: user.id }));
  return startSession(request, user.id, `/w/${workspace.slug}`, workspace.id, { kind: "success", message: `Created ${workspace.name}.` });
}

export default function NewWorkspacePage() {
  const { firstWorkspace, defaultName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  if (firstWorkspace) {
    // No empty "My business" to fill later: the first workspace comes from the organisation chosen at Xero.
    return (
      <CenteredPage title="Welcome to Solido">
        <p>
          You're signed in, but not in a workspace yet. Connect your Xero organisation and Solido makes its workspace. If your business already uses
          Solido, choose its organisation at Xero: we'll tell you who looks after it, and you can ask them to let you in.
        </p>
        <XeroLinkButton to="/signup" reloadDocument className="w-full">
          Connect Xero
        </XeroLinkButton>
      </CenteredPage>
    );
  }
  return (
    <CenteredPage title={firstWorkspace ? "Welcome to Solido" : "New workspace"}>
      <p>
        {firstWorkspace
          ? "You don't have a workspace yet. Name one, then connect your Xero organisation to it."
          : "A workspace is for one Xero organisation. Name it, then connect Xero from its settings."}
      </p>
      <Form method="post" className="space-y-4" noValidate>
        <div>
          <label htmlFor="name" className="block text-sm font-semibold text-slate-800">
            Workspace name
          </label>
          <input
            id="name"
            name="name"
            type="text"
            required
            maxLength={80}
            defaultValue={actionData?.name ?? defaultName}
            aria-invalid={actionData?.error ? true : undefined}
            aria-describedby={actionData?.error ? "name-error" : "name-hint"}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"
          />
          {actionData?.error ? (
            <p id="name-error" role="alert" className="mt-1 text-sm font-semibold text-red-700">
              {actionData.error}
            </p>
          ) : (
            <p id="name-hint" className="mt-1 text-sm text-slate-600">
              Keep “{defaultName}” and the workspace takes your Xero organisation's name when you connect it.
            </p>
          )}
        </div>
        <Button type="submit" disabled={submitting} className="w-full">
          {submitting ? "Creating…" : "Create workspace"}
        </Button>
      </Form>
    </CenteredPage>
  );
}
