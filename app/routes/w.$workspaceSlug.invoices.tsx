import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countInvoices } from "~/models/invoices.server";

export const meta: MetaFunction = () => [{ title: "Invoices · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return { invoiceCount: await countInvoices(workspace.id) };
}

export default function Invoices() {
  const { invoiceCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Invoices" description="Your sales invoices in Xero that still have an amount due." />
      {invoiceCount === 0 ? (
        <EmptyState icon={<InvoiceIcon />} title="No invoices yet">
          Once Xero is connected, Solido copies your unpaid invoices here and keeps them in step with Xero.
        </EmptyState>
      ) : (
        <Card className="p-6 text-sm text-slate-700">{invoiceCount} invoices copied from Xero.</Card>
      )}
    </>
  );
}
