import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Card } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { ClockIcon } from "~/components/icons";
import { listAuditLog } from "~/models/audit-log.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return { entries: await listAuditLog(workspace.id) };
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>();
  if (entries.length === 0) {
    return (
      <EmptyState icon={<ClockIcon />} title="Nothing recorded yet">
        Connecting Xero, changing settings and turning reminders on or off are recorded here, with who did it and when.
      </EmptyState>
    );
  }
  return (
    <Card>
      <ul className="divide-y divide-slate-200">
        {entries.map((entry) => (
          <li key={entry.id} className="flex flex-col gap-1 px-6 py-3 text-sm sm:flex-row sm:justify-between">
            <span className="font-medium text-slate-900">{entry.action}</span>
            <span className="text-slate-600">
              {entry.userEmail ?? "Solido"} · <time dateTime={new Date(entry.createdAt).toISOString()}>{new Date(entry.createdAt).toLocaleString("en-GB")}</time>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
