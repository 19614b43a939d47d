// The dashboard: how much is owed, what is late, what Solido has done and
// will do next, and what needs an admin. While the first sync runs it shows
// its progress instead. Its data and sections are in app/pages/dashboard/.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AgeingChart } from "~/components/ageing-chart";
import { LinkButton } from "~/components/button";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon, PlugIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { requireWorkspace } from "~/http/auth.server";
import { Activity } from "~/pages/dashboard/activity";
import { NeedsAttentionList } from "~/pages/dashboard/needs-attention";
import { loadDashboard } from "~/pages/dashboard/page.server";
import { Section } from "~/pages/dashboard/section";
import { SyncProgress } from "~/pages/dashboard/sync-progress";
import { Totals } from "~/pages/dashboard/totals";
import { Upcoming } from "~/pages/dashboard/upcoming";

export const meta: MetaFunction = () => [{ title: "Dashboard · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return loadDashboard(workspace);
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { slug, name, connected, hasInvoices, sync } = data;
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
      {/* A disconnected workspace keeps its invoices (the banner says so): its figures stay, only an empty one is told to connect. */}
      {!connected && !hasInvoices ? (
        <EmptyState
          icon={<PlugIcon />}
          title="Connect Xero to get started"
          action={<LinkButton to={`/w/${slug}/settings/integrations`}>Go to Settings → Integrations</LinkButton>}
        >
          Solido reads your unpaid invoices and customers from Xero. Connect your Xero organisation and they appear here
          within a few minutes.
        </EmptyState>
      ) : !hasInvoices ? (
        <EmptyState icon={<InvoiceIcon />} title="Your invoices are arriving">
          Xero is connected. Solido is copying your invoices and customers now — this page fills in as soon as the
          first ones arrive.
          {sync ? <SyncProgress {...sync} /> : null}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {sync ? (
            <Card className="p-4">
              <SyncProgress {...sync} />
            </Card>
          ) : null}
          <Totals data={data} />
          <div className="grid gap-6 lg:grid-cols-3">
            <Section title="Ageing" className="lg:col-span-2">
              {data.receivables.length === 0 ? (
                <p className="text-sm text-slate-600">Nothing is owed right now.</p>
              ) : (
                data.receivables.map((row) => (
                  <div key={row.currencyCode}>
                    {data.receivables.length > 1 ? <h3 className="text-sm font-medium text-slate-700">{row.currencyCode}</h3> : null}
                    <AgeingChart bars={row.ageing} currencyCode={row.currencyCode} />
                  </div>
                ))
              )}
            </Section>
            <NeedsAttentionList data={data} />
          </div>
          <div className="grid gap-6 lg:grid-cols-3">
            <Activity data={data} />
            <Upcoming data={data} />
          </div>
        </div>
      )}
    </>
  );
}
