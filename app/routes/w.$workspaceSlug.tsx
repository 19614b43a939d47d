// The frame of every page inside a workspace: who is signed in, which
// workspace this is, and the way to every other section.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { AppShell } from "~/components/app-shell";
import { LinkButton } from "~/components/button";
import { ConnectionBanner, type BannerConnection } from "~/components/connection-banner";
import { ErrorMessage, explainError } from "~/components/error-page";
import { displayName } from "~/display/display-name";
import { env } from "~/server/env.server";
import { listMemberWorkspaces } from "~/models/workspaces.server";
import { getConnection } from "~/models/xero-connections.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workspace, role } = await requireWorkspace(request, params);
  const [workspaces, connection] = await Promise.all([listMemberWorkspaces(user.id), getConnection(workspace.id)]);
  const broken = connection && connection.status !== "connected" ? connection : null;
  const { NODE_ENV, MAILBOX_URL } = env();
  return {
    workspace: { slug: workspace.slug, name: workspace.name },
    workspaces: workspaces.map(({ slug, name }) => ({ slug, name })),
    userName: displayName(user),
    // Developers read outgoing email in the local mailbox; production has none.
    outboxUrl: NODE_ENV === "development" ? (MAILBOX_URL ?? null) : null,
    brokenConnection: broken
      ? {
          status: broken.status as BannerConnection["status"],
          since: (broken.status === "disconnected" ? broken.disconnectedAt : broken.needsReconnectSince)?.toISOString() ?? null,
          timeZone: workspace.timeZone,
        }
      : null,
    canChange: role !== "viewer",
  };
}

export default function WorkspaceLayout() {
  const { brokenConnection, canChange, ...shell } = useLoaderData<typeof loader>();
  return (
    <AppShell
      {...shell}
      banner={brokenConnection ? <ConnectionBanner connection={brokenConnection} slug={shell.workspace.slug} canChange={canChange} /> : null}
    >
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
  const { brokenConnection: _banner, canChange: _canChange, ...frame } = shell;
  return (
    <AppShell {...frame}>
      <ErrorMessage
        error={error}
        explained={explained}
        action={<LinkButton to={`/w/${shell.workspace.slug}`}>Back to the dashboard</LinkButton>}
      />
    </AppShell>
  );
}
