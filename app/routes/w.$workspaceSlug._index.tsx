import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireWorkspace } from "~/auth.server";
import { LinkButton } from "~/components/button";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon, PlugIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countInvoices } from "~/models/invoices.server";
import { latestSyncRuns } from "~/models/sync-runs.server";
import { getConnection, isConnected } from "~/models/xero-connections.server";
import { describeSyncRun } from "~/sync-status";

export const meta: MetaFunction = () => [{ title: "Dashboard · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const [connection, invoiceCount, runs] = await Promise.all([
    getConnection(workspace.id),
    countInvoices(workspace.id),
    latestSyncRuns(workspace.id, 1),
  ]);
  const current = runs[0]?.status === "queued" || runs[0]?.status === "running" ? runs[0] : null;
  return {
    slug: workspace.slug,
    name: workspace.name,
    connected: isConnected(connection),
    invoiceCount,
    sync: current ? { status: current.status, pagesDone: current.pagesDone, pageCount: current.pageCount, words: describeSyncRun(current) } : null,
  };
}

export default function Dashboard() {
  const { slug, name, connected, invoiceCount, sync } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // While a sync runs, keep the page current without the user reloading.
  useEffect(() => {
    if (!sync) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [sync, revalidator]);
  return (
    <>
      <PageHeader title="Dashboard" description={`How ${name} is getting paid.`} />
      {/* A disconnected workspace keeps its invoices (the banner says so): the count stays, only an empty one is told to connect. */}
      {!connected && invoiceCount === 0 ? (
        <EmptyState
          icon={<PlugIcon />}
          title="Connect Xero to get started"
          action={<LinkButton to={`/w/${slug}/settings/integrations`}>Go to Settings → Integrations</LinkButton>}
        >
          Solido reads your unpaid invoices and customers from Xero. Connect your Xero organisation and they appear here
          within a few minutes.
        </EmptyState>
      ) : invoiceCount === 0 ? (
        <EmptyState icon={<InvoiceIcon />} title="Your invoices are arriving">
          Xero is connected. Solido is copying your invoices and customers now — this page fills in as soon as the
          first ones arrive.
          {sync ? <SyncProgress {...sync} /> : null}
        </EmptyState>
      ) : (
        <Card className="p-6">
          <p className="text-sm text-slate-600">Invoices copied from Xero</p>
          <p className="mt-1 text-3xl font-semibold text-slate-900" data-testid="invoice-count">
            {invoiceCount}
          </p>
        </Card>
      )}
    </>
  );
}

function SyncProgress({ pagesDone, pageCount, words }: { pagesDone: number; pageCount: number | null; words: string }) {
  const percent = pageCount ? Math.min(100, Math.round((pagesDone / pageCount) * 100)) : null;
  return (
    <div className="mt-6 w-full max-w-sm text-left" data-testid="sync-progress">
      <p className="text-sm font-medium text-slate-800">{words}</p>
      <div
        role="progressbar"
        aria-label="First sync"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full rounded-full bg-teal-600 ${percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
