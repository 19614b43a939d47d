import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { LinkButton } from "~/components/button";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon, PlugIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countInvoices } from "~/models/invoices.server";
import { getConnection, isConnected } from "~/models/xero-connections.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const [connection, invoiceCount] = await Promise.all([getConnection(workspace.id), countInvoices(workspace.id)]);
  return { slug: workspace.slug, name: workspace.name, connected: isConnected(connection), invoiceCount };
}

export default function Dashboard() {
  const { slug, name, connected, invoiceCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Dashboard" description={`How ${name} is getting paid.`} />
      {!connected ? (
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
