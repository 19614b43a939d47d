// "What Solido has done": reminders sent and invoices paid after one.
import { plural } from "~/display/format";
import type { DashboardData } from "./dashboard";
import { Section } from "./section";

export function Activity({ data }: { data: DashboardData }) {
  const { activity, previewOnly } = data;
  return (
    <Section title="What Solido has done">
      <dl className="grid grid-cols-2 gap-4 text-sm">
        <div>
          <dt className="text-slate-600">Reminders sent, last 7 days</dt>
          <dd className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="sent-7">{activity.sentLast7Days}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Last 30 days</dt>
          <dd className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="sent-30">{activity.sentLast30Days}</dd>
        </div>
        <div className="col-span-2">
          <dt className="text-slate-600">Paid after a reminder, last 30 days</dt>
          <dd className="mt-1 text-slate-900" data-testid="collected">
            {activity.collected.length === 0
              ? previewOnly
                ? "Nothing yet: reminders are in preview, so none have gone out."
                : "Nothing yet."
              : activity.collected.map((row) => (
                  <p key={row.currencyCode}>
                    <span className="font-semibold">{plural(row.invoiceCount, "invoice")}</span>, {row.amountCollected} collected
                  </p>
                ))}
          </dd>
        </div>
      </dl>
    </Section>
  );
}
