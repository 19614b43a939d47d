// Settings → Integrations: the workspace's Xero connection — its state in
// plain words, the last syncs, and Connect / Reconnect / Sync now / Disconnect.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { XeroMark } from "~/components/icons";
import { RelativeTime } from "~/components/relative-time";
import { useSupportHref } from "~/components/site-footer";
import { useRevalidateWhile } from "~/components/use-revalidate-while";
import { XeroSubmitButton } from "~/components/xero-button";
import { env } from "~/server/env.server";
import { isStalled, latestSyncRuns, nextScheduledSyncAt } from "~/models/sync-runs.server";
import { getConnection, type ConnectionStatus } from "~/models/xero-connections.server";
import { flashToast } from "~/http/session.server";
import { collapseSyncHistory, describeSyncRun, type SyncRunSummary } from "~/display/sync-status";
import { disconnectFromXero, requestSync } from "~/xero/connection-lifecycle.server";

export const meta: MetaFunction = () => [{ title: "Integrations · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  // Enough runs that a quiet day's "Up to date" syncs fold into one line and still leave the history six lines.
  const [connection, runs] = await Promise.all([getConnection(workspace.id), latestSyncRuns(workspace.id, 60)]);
  // "Last sync" is the last one that ran to an end; a run cancelled by Disconnect never ran.
  const finished = runs.find((run) => run.status === "succeeded" || run.status === "failed");
  return {
    slug: workspace.slug,
    timeZone: workspace.timeZone,
    organisationName: workspace.xeroOrganisationName ?? workspace.name,
    canChange: role !== "viewer",
    connection: connection
      ? {
          status: connection.status,
          connectedAt: connection.connectedAt,
          disconnectedAt: connection.disconnectedAt,
          needsReconnectSince: connection.needsReconnectSince,
          scopes: connection.scopes,
          connectedBy: connection.connectedByName ?? connection.connectedByEmail,
        }
      : null,
    lastSync: finished ? { at: finished.finishedAt!, run: finished as SyncRunSummary } : null,
    // A run whose job died mid-way is not "Syncing…" for ever: after an hour the scheduler queues a new one.
    inProgress:
      connection?.status === "connected" ? (runs.find((run) => run.status === "queued" || (run.status === "running" && !isStalled(run))) ?? null) : null,
    nextSyncAt: connection?.status === "connected" && runs[0] ? nextScheduledSyncAt(runs[0].queuedAt, env().SYNC_INTERVAL_MINUTES) : null,
    history: collapseSyncHistory(runs.filter((run) => run.finishedAt)),
  };
}

const Intent = z.enum(["sync", "disconnect"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  const intent = Intent.safeParse((await request.formData()).get("intent"));
  if (!intent.success) return data({ error: "Unknown action." }, { status: 400 });
  const back = `/w/${workspace.slug}/settings/integrations`;
  if (intent.data === "sync") {
    const result = await requestSync(workspace.id);
    const toast = result.ok ? { kind: "success" as const, message: "Sync started. New invoices and payments will appear shortly." } : { kind: "error" as const, message: result.message };
    return redirect(back, { headers: await flashToast(request, toast) });
  }
  await disconnectFromXero(workspace.id, user.id);
  return redirect(back, {
    headers: await flashToast(request, { kind: "success", message: "Disconnected from Xero. Syncing and reminders have stopped; your data is kept." }),
  });
}

const STATUS: Record<ConnectionStatus | "none", { badge: JSX.Element; explanation: string; action: string }> = {
  none: {
    badge: <Badge>Not connected</Badge>,
    explanation: "Connect your Xero organisation so Solido can read your unpaid invoices and customers.",
    action: "Connect Xero",
  },
  disconnected: {
    badge: <Badge>Disconnected</Badge>,
    explanation: "Syncing and reminders are stopped. Your invoices, customers and history are kept — reconnect any time to resume.",
    action: "Reconnect Xero",
  },
  needs_reconnect: {
    badge: <Badge tone="warning">Needs reconnecting</Badge>,
    explanation: "Xero no longer accepts Solido's access (it expires when unused for 60 days, or was revoked in Xero). Syncing and reminders are paused until you reconnect.",
    action: "Reconnect Xero",
  },
  connected: {
    badge: <Badge tone="success">Connected</Badge>,
    explanation: "Solido copies your invoices and customers from Xero and notices payments as they happen.",
    action: "Reconnect Xero",
  },
};

const SCOPE_WORDS: Record<string, string> = {
  "accounting.invoices": "Invoices (read, and add history notes)",
  "accounting.invoices.read": "Invoices (read)",
  "accounting.contacts.read": "Contacts (read)",
  "accounting.contacts": "Contacts",
  "accounting.settings.read": "Organisation settings (read)",
  "accounting.payments.read": "Payments (read)",
  offline_access: "Stay connected",
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

export default function Integrations() {
  const { slug, timeZone, organisationName, canChange, connection, lastSync, inProgress, nextSyncAt, history } = useLoaderData<typeof loader>();
  const status = connection?.status ?? "none";
  const shown = STATUS[status];
  const navigation = useNavigation();
  const connectAction = `/w/${slug}/settings/integrations/connect`;
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const connecting = navigation.formAction === connectAction;
  const supportHref = useSupportHref();
  // Follow a sync to its end: "Syncing…" turns into the run's result without a reload.
  useRevalidateWhile(Boolean(inProgress));
  const lastFailed = lastSync?.run.status === "failed";

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="flex gap-4">
            <XeroMark onBlue={false} width={40} height={40} className="shrink-0" />
            <div>
              <div className="flex flex-wrap items-center gap-3">
                <h2 className="text-lg font-semibold text-slate-900">Xero</h2>
                {shown.badge}
              </div>
              <p className="mt-1 max-w-xl text-sm text-slate-600">{shown.explanation}</p>
              {status === "needs_reconnect" || lastFailed ? (
                <p className="mt-2 text-sm text-slate-600" data-testid="integrations-support">
                  Reconnecting didn't help?{" "}
                  <Link to={supportHref} className="font-semibold text-teal-800 underline hover:text-teal-900">
                    Contact Solido support
                  </Link>
                  .
                </p>
              ) : null}
            </div>
          </div>
          {canChange ? (
            <div className="flex shrink-0 flex-wrap gap-2">
              {status === "connected" ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="sync" variant="secondary" disabled={busyIntent === "sync"}>
                    {busyIntent === "sync" ? "Starting…" : "Sync now"}
                  </Button>
                </Form>
              ) : null}
              <Form method="post" action={connectAction}>
                <XeroSubmitButton disabled={connecting} variant={status === "connected" ? "secondary" : "xero"}>
                  {connecting ? "Opening Xero…" : shown.action}
                </XeroSubmitButton>
              </Form>
            </div>
          ) : (
            <p className="text-sm text-slate-600">Only owners and admins can change the Xero connection.</p>
          )}
        </div>

        {connection ? (
          <dl className="mt-6 grid gap-4 border-t border-slate-200 pt-6 sm:grid-cols-2 lg:grid-cols-3">
            <Fact label="Organisation">{organisationName}</Fact>
            <Fact label={status === "disconnected" ? "Disconnected" : "Connected since"}>
              {status === "disconnected" && connection.disconnectedAt ? (
                <RelativeTime at={connection.disconnectedAt} timeZone={timeZone} />
              ) : (
                <>
                  <RelativeTime at={connection.connectedAt} timeZone={timeZone} />
                  {connection.connectedBy ? ` by ${connection.connectedBy}` : null}
                </>
              )}
            </Fact>
            <Fact label="Last sync">
              {lastSync ? (
                <span data-testid="last-sync">
                  <RelativeTime at={lastSync.at} timeZone={timeZone} /> — {describeSyncRun(lastSync.run)}
                </span>
              ) : (
                "Not synced yet."
              )}
            </Fact>
            {inProgress ? (
              <Fact label="Now">
                <span data-testid="sync-in-progress" role="status">
                  {describeSyncRun(inProgress as SyncRunSummary)}
                </span>
              </Fact>
            ) : null}
            {nextSyncAt ? (
              <Fact label="Next scheduled sync">
                <RelativeTime at={nextSyncAt} timeZone={timeZone} />
              </Fact>
            ) : null}
            <Fact label="Access granted">
              <ul className="space-y-0.5">
                {connection.scopes
                  .filter((scope) => SCOPE_WORDS[scope])
                  .map((scope) => (
                    <li key={scope}>{SCOPE_WORDS[scope]}</li>
                  ))}
              </ul>
            </Fact>
          </dl>
        ) : null}

        {canChange && status !== "disconnected" && connection ? (
          <div className="mt-6 border-t border-slate-200 pt-6">
            <ConfirmDialog
              title="Disconnect from Xero?"
              trigger={<Button variant="ghost" className="text-red-800">Disconnect Xero…</Button>}
              confirm={
                <Form method="post">
                  <Button type="submit" name="intent" value="disconnect" variant="danger" disabled={busyIntent === "disconnect"}>
                    {busyIntent === "disconnect" ? "Disconnecting…" : "Disconnect"}
                  </Button>
                </Form>
              }
            >
              <p>Solido will stop syncing with {organisationName} and stop sending reminders straight away.</p>
              <p>Your invoices, customers and reminder history stay here. You can reconnect any time and carry on where you left off.</p>
            </ConfirmDialog>
          </div>
        ) : null}
      </Card>

      {history.length > 0 ? (
        <Card className="p-6">
          <h2 className="text-base font-semibold text-slate-900">Recent syncs</h2>
          <ul className="mt-3 divide-y divide-slate-100" data-testid="sync-history">
            {history.map(({ run, count, earliestFinishedAt }) => (
              <li key={run.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:gap-4">
                <span className="w-40 shrink-0 text-slate-500">
                  <RelativeTime at={run.finishedAt!} timeZone={timeZone} />
                </span>
                <span className={run.status === "failed" ? "text-red-800" : "text-slate-800"}>
                  {describeSyncRun(run as SyncRunSummary)}
                  {count > 1 ? (
                    <span className="text-slate-500">
                      {" "}
                      ({count} syncs, the first <RelativeTime at={earliestFinishedAt!} timeZone={timeZone} />)
                    </span>
                  ) : null}
                  {run.status === "failed" ? (
                    <>
                      {" "}
                      <Link to={supportHref} className="font-semibold text-teal-800 underline hover:text-teal-900">
                        Contact support
                      </Link>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
