// The dashboard's headline figures: outstanding, overdue, how many overdue, and days sales outstanding.
import { Link } from "@remix-run/react";
import { plural } from "~/display/format";
import type { DashboardData } from "./dashboard";
import { Figure } from "./section";

export function Totals({ data }: { data: DashboardData }) {
  const { receivables, slug, dso, baseCurrency } = data;
  const overdueCount = receivables.reduce((sum, row) => sum + row.overdueCount, 0);
  const nothing = <span className="text-slate-500">—</span>;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Figure label="Total outstanding" testId="total-outstanding">
        {receivables.length ? receivables.map((row) => <p key={row.currencyCode} data-currency={row.currencyCode}>{row.outstanding}</p>) : nothing}
      </Figure>
      <Figure label="Total overdue" testId="total-overdue">
        {receivables.length ? receivables.map((row) => <p key={row.currencyCode} data-currency={row.currencyCode} className="text-red-800">{row.overdue}</p>) : nothing}
      </Figure>
      <Figure label="Overdue invoices" testId="overdue-count">
        <Link to={`/w/${slug}/invoices?status=overdue`} className="underline decoration-slate-300 underline-offset-4 hover:decoration-slate-600">
          {overdueCount.toLocaleString("en")}
        </Link>
      </Figure>
      <Figure label={`Days sales outstanding${dso ? ` (last ${dso.windowDays} days${baseCurrency ? `, ${baseCurrency}` : ""})` : ""}`} testId="dso">
        {dso === null ? nothing : <p>{plural(dso.days, "day")}</p>}
      </Figure>
    </div>
  );
}
