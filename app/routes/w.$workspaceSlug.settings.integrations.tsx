import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { XeroMark } from "~/components/icons";
import { XeroSubmitButton } from "~/components/xero-button";
import { getConnection, type ConnectionStatus } from "~/models/xero-connections.server";

export const meta: MetaFunction = () => [{ title: "Integrations · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  const connection = await getConnection(workspace.id);
  return {
    slug: workspace.slug,
    canChange: role !== "viewer",
    status: connection?.status ?? null,
    connectedAt: connection?.connectedAt ?? null,
  };
}

const STATUS: Record<ConnectionStatus | "none", { badge: JSX.Element; explanation: string; action: string }> = {
  none: {
    badge: <Badge>Not connected</Badge>,
    explanation: "Connect your Xero organisation so Solido can read your unpaid invoices and customers.",
    action: "Connect Xero",
  },
  disconnected: {
    badge: <Badge>Not connected</Badge>,
    explanation: "This workspace was disconnected from Xero. Reconnect to resume syncing and reminders.",
    action: "Connect Xero",
  },
  needs_reconnect: {
    badge: <Badge tone="warning">Needs reconnecting</Badge>,
    explanation: "Xero no longer accepts Solido's access. Syncing and reminders are paused until you reconnect.",
    action: "Reconnect Xero",
  },
  connected: {
    badge: <Badge tone="success">Connected</Badge>,
    explanation: "Solido copies your invoices and customers from Xero and notices payments as they happen.",
    action: "Reconnect Xero",
  },
};

export default function Integrations() {
  const { slug, canChange, status, connectedAt } = useLoaderData<typeof loader>();
  const shown = STATUS[status ?? "none"];
  const connectAction = `/w/${slug}/settings/integrations/connect`;
  const connecting = useNavigation().formAction === connectAction;
  return (
    <Card className="p-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex gap-4">
          <XeroMark onBlue={false} width={40} height={40} className="shrink-0" />
          <div>
            <div className="flex items-center gap-3">
              <h2 className="text-lg font-semibold text-slate-900">Xero</h2>
              {shown.badge}
            </div>
            <p className="mt-1 max-w-xl text-sm text-slate-600">{shown.explanation}</p>
            {status === "connected" && connectedAt ? (
              <p className="mt-1 text-sm text-slate-600">
                Connected on {new Date(connectedAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}.
              </p>
            ) : null}
          </div>
        </div>
        {canChange ? (
          <Form method="post" action={connectAction} className="shrink-0">
            <XeroSubmitButton disabled={connecting}>{connecting ? "Opening Xero…" : shown.action}</XeroSubmitButton>
          </Form>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins can change the Xero connection.</p>
        )}
      </div>
    </Card>
  );
}
