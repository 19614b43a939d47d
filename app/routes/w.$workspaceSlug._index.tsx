// The dashboard: how much is owed, what is late, what Solido has done and
// will do next, and what needs an admin. While the first sync runs it shows
// its progress instead.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { requireWorkspace } from "~/auth.server";
import { AgeingChart } from "~/components/ageing-chart";
import { Badge } from "~/components/badge";
import { LinkButton } from "~/components/button";
import { Card } from "~/components/card";
import { RowLink, useNavigateOnLinkClick } from "~/components/data-table";
import { EmptyState } from "~/components/empty-state";
import { InvoiceIcon, PlugIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { capitalise, formatDay, formatMoney, formatMoneyRounded, localeFor, plural, todayIn } from "~/format";
import { AGEING_BUCKETS, DSO_WINDOW_DAYS, hasAnyInvoice } from "~/models/dashboard.server";
import { workspaceVersions } from "~/models/kept-figures.server";
import { receivablesSummary } from "~/models/receivables-summary.server";
import { reminderOverview } from "~/models/reminder-overview.server";
import { latestSyncRuns } from "~/models/sync-runs.server";
import { getConnection, isConnected } from "~/models/xero-connections.server";
import { describeOffset } from "~/reminders/schedule";
import { describeSyncRun } from "~/sync-status";

export const meta: MetaFunction = () => [{ title: "Dashboard · Solido" }];

const UPCOMING_DAYS = 7;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const today = todayIn(workspace.timeZone);
  const scope = { today, baseCurrency: workspace.baseCurrency };
  // The figures kept between changes (receivables, reminders) are keyed by the workspace's change counters, read first.
  const versions = await workspaceVersions(workspace.id);
  const [connection, hasInvoices, runs, { receivables, dso }, { activity, attention, upcoming }] = await Promise.all([
    getConnection(workspace.id),
    hasAnyInvoice(workspace.id),
    latestSyncRuns(workspace.id, 1),
    receivablesSummary(workspace.id, scope, versions),
    reminderOverview(workspace, { today, upcomingDays: UPCOMING_DAYS, versions }),
  ]);
  const latest = runs[0];
  const current = latest?.status === "queued" || latest?.status === "running" ? latest : null;
  const locale = localeFor(workspace.countryCode);
  const money = (amount: string, currencyCode: string) => formatMoney(amount, currencyCode, locale);
  return {
    slug: workspace.slug,
    name: workspace.name,
    previewOnly: workspace.reminderMode === "preview",
    connected: isConnected(connection),
    hasInvoices,
    sync: current ? { status: current.status, pagesDone: current.pagesDone, pageCount: current.pageCount, words: describeSyncRun(current) } : null,
    // Everything the page shows comes from here: constants in .server modules are not in the browser bundle.
    // Formatted here, in the organisation's locale, so the page needs no decimal arithmetic.
    receivables: receivables.map((row) => ({
      currencyCode: row.currencyCode,
      outstanding: money(row.outstanding, row.currencyCode),
      overdue: money(row.overdue, row.currencyCode),
      openCount: row.openCount,
      overdueCount: row.overdueCount,
      ageing: AGEING_BUCKETS.map(({ key, label }) => ({
        label,
        amount: row.ageing[key],
        formatted: formatMoneyRounded(row.ageing[key], row.currencyCode, locale),
      })),
    })),
    baseCurrency: workspace.baseCurrency,
    dso: dso === null ? null : { days: dso, windowDays: DSO_WINDOW_DAYS },
    activity: {
      sentLast7Days: activity.sentLast7Days,
      sentLast30Days: activity.sentLast30Days,
      collected: activity.collected.map((row) => ({ ...row, amountCollected: money(row.amountCollected, row.currencyCode) })),
    },
    attention: {
      ...attention,
      connection: connection && connection.status !== "connected" ? connection.status : null,
      failedSync: latest?.status === "failed" ? describeSyncRun(latest) : null,
    },
    upcoming: upcoming.map((reminder) => ({
      key: `${reminder.invoiceId}:${reminder.stepId}`,
      when: formatDay(reminder.sendOn, locale, { weekday: "short", day: "numeric", month: "short" }),
      contactId: reminder.contactId,
      contactName: reminder.contactName,
      invoiceId: reminder.invoiceId,
      invoiceNumber: reminder.invoiceNumber ?? "(no number)",
      step: capitalise(describeOffset(reminder.offsetDays)),
      amountDue: money(reminder.amountDue, reminder.currencyCode),
    })),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

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

function Section({ title, className, children, action }: { title: string; className?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card className={className}>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {action}
      </div>
      <div className="p-5">{children}</div>
    </Card>
  );
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Card className="p-5">
      <p className="text-sm text-slate-600">{label}</p>
      <div className="mt-1 space-y-0.5 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {children}
      </div>
    </Card>
  );
}

function Totals({ data }: { data: Data }) {
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

function Activity({ data }: { data: Data }) {
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

function Upcoming({ data }: { data: Data }) {
  const { upcoming, slug, previewOnly } = data;
  const navigateOnClick = useNavigateOnLinkClick();
  return (
    <Section
      title={`Upcoming reminders, next ${UPCOMING_DAYS} days`}
      className="lg:col-span-2"
      action={
        <Link to={`/w/${slug}/reminders`} className="text-sm font-medium text-teal-800 underline-offset-4 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          All reminders
        </Link>
      }
    >
      {previewOnly ? (
        <p className="mb-3 text-sm text-slate-600">
          <Badge tone="info">Preview</Badge> Reminders are not switched on: these are the emails Solido would send.
        </p>
      ) : null}
      {upcoming.length === 0 ? (
        <p className="text-sm text-slate-600">No reminders are due in the next {UPCOMING_DAYS} days.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" data-testid="upcoming-reminders" onClick={navigateOnClick}>
          {upcoming.map((reminder) => (
            <li key={reminder.key} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <span className="w-28 shrink-0 font-medium text-slate-900">{reminder.when}</span>
              <span className="min-w-0 flex-1">
                <RowLink to={`/w/${slug}/contacts/${reminder.contactId}`} className="font-medium text-slate-900 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                  {reminder.contactName}
                </RowLink>
                <span className="text-slate-600">
                  {" "}
                  · <RowLink to={`/w/${slug}/invoices/${reminder.invoiceId}`} className="hover:underline">{reminder.invoiceNumber}</RowLink> · {reminder.amountDue}
                </span>
              </span>
              <span className="text-slate-600">{reminder.step}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function NeedsAttentionList({ data }: { data: Data }) {
  const { attention, slug } = data;
  const items: { key: string; tone: "danger" | "warning"; text: ReactNode; to: string }[] = [];
  if (attention.connection) {
    items.push({
      key: "connection",
      tone: "danger",
      text: attention.connection === "needs_reconnect" ? "Xero needs reconnecting: Solido can't see new payments." : "Xero is disconnected.",
      to: `/w/${slug}/settings/integrations`,
    });
  }
  if (attention.failedSync) items.push({ key: "sync", tone: "danger", text: attention.failedSync, to: `/w/${slug}/settings/integrations` });
  const contactItem = (key: string, tone: "danger" | "warning", count: number, words: string, state: string, examples: { name: string }[]) => {
    if (count === 0) return;
    const names = examples.map((example) => example.name).join(", ");
    items.push({
      key,
      tone,
      text: (
        <>
          {plural(count, "customer")} {words}
          {names ? <span className="block text-slate-600">{names}{count > examples.length ? "…" : ""}</span> : null}
        </>
      ),
      to: `/w/${slug}/contacts?state=${state}`,
    });
  };
  contactItem("no-email", "warning", attention.noEmail.count, "owing money with no email address in Xero", "no_email", attention.noEmail.examples);
  contactItem("bouncing", "danger", attention.bouncing.count, "whose email address bounces", "bouncing", attention.bouncing.examples);
  contactItem("paused-contacts", "warning", attention.pausedContacts, "with reminders paused", "paused", []);
  if (attention.pausedInvoices) {
    items.push({
      key: "paused-invoices",
      tone: "warning",
      text: `${plural(attention.pausedInvoices, "invoice")} with reminders paused`,
      to: `/w/${slug}/invoices?paused=1`,
    });
  }
  return (
    <Section title="Needs attention">
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing needs you right now.</p>
      ) : (
        <ul className="space-y-3 text-sm" data-testid="needs-attention">
          {items.map((item) => (
            <li key={item.key}>
              <Link to={item.to} className="flex gap-3 rounded-md p-1 hover:bg-slate-50">
                <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${item.tone === "danger" ? "bg-red-600" : "bg-amber-500"}`} />
                <span className="text-slate-900">{item.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
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
