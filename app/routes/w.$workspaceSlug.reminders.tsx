import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { BellIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { countReminders } from "~/models/reminders.server";

export const meta: MetaFunction = () => [{ title: "Reminders · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return { reminderCount: await countReminders(workspace.id), mode: workspace.reminderMode };
}

export default function Reminders() {
  const { reminderCount, mode } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Reminders"
        description="Every reminder Solido has planned or sent, and why."
        actions={mode === "live" ? <Badge tone="success">Sending</Badge> : <Badge tone="info">Preview only</Badge>}
      />
      {reminderCount === 0 ? (
        <EmptyState icon={<BellIcon />} title="No reminders yet">
          {mode === "live"
            ? "Reminders appear here as invoices reach the steps of your schedule."
            : "Solido starts in preview: it shows the reminders it would send, and sends nothing until you turn reminders on."}
        </EmptyState>
      ) : (
        <Card className="p-6 text-sm text-slate-700">{reminderCount} reminders so far.</Card>
      )}
    </>
  );
}
