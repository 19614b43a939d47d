import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";

export const meta: MetaFunction = () => [{ title: "Reminders · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return {
    mode: workspace.reminderMode,
    timeZone: workspace.timeZone,
    sendWindowStartHour: workspace.sendWindowStartHour,
    sendWindowEndHour: workspace.sendWindowEndHour,
    sendWeekdays: workspace.sendWeekdays,
  };
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;

export default function ReminderSettings() {
  const settings = useLoaderData<typeof loader>();
  return (
    <Card className="divide-y divide-slate-200">
      <section className="p-6">
        <div className="flex items-center gap-3">
          <h2 className="text-lg font-semibold text-slate-900">Sending</h2>
          {settings.mode === "live" ? <Badge tone="success">On</Badge> : <Badge tone="info">Preview only</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {settings.mode === "live"
            ? "Solido emails your customers as their invoices reach each step of your schedule."
            : "Solido shows the reminders it would send, and sends nothing until reminders are turned on."}
        </p>
      </section>
      <section className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">When reminders go out</h2>
        <p className="mt-1 text-sm text-slate-600">
          Between {hour(settings.sendWindowStartHour)} and {hour(settings.sendWindowEndHour)} ({settings.timeZone} time), on{" "}
          {settings.sendWeekdays.map((day) => WEEKDAYS[day - 1]).join(", ")}.
        </p>
      </section>
    </Card>
  );
}
