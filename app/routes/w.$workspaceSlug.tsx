// The frame of every page inside a workspace: who is signed in, which
// workspace this is, and the way to every other section.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { LinkButton } from "~/components/button";
import { ErrorMessage, explainError } from "~/components/error-page";
import { displayName } from "~/display-name";
import { env } from "~/env.server";
import { listMemberWorkspaces } from "~/models/workspaces.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workspace } = await requireWorkspace(request, params);
  const workspaces = await listMemberWorkspaces(user.id);
  const { NODE_ENV, MAILBOX_URL } = env();
  return {
    workspace: { slug: workspace.slug, name: workspace.name },
    workspaces: workspaces.map(({ slug, name }) => ({ slug, name })),
    userName: displayName(user),
    // Developers read outgoing email in the local mailbox; production has none.
    outboxUrl: NODE_ENV === "development" ? (MAILBOX_URL ?? null) : null,
  };
}

export default function WorkspaceLayout() {
  const shell = useLoaderData<typeof loader>();
  return (
    <AppShell {...shell}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Present when a page inside the workspace failed: keep the sidebar around it.
  const shell = useRouteLoaderData<typeof loader>("routes/w.$workspaceSlug");
  const explained = explainError(error, "We couldn't find that");
  if (!shell) {
    return <ErrorMessage error={error} explained={explained} />;
  }
  return (
    <AppShell {...shell}>
      <ErrorMessage
        error={error}
        explained={explained}
        action={<LinkButton to={`/w/${shell.workspace.slug}`}>Back to the dashboard</LinkButton>}
      />
    </AppShell>
  );
}
