// The dashboard's figures, formatted in the organisation's locale: what is
// owed and how old it is, what Solido has done and will do next, what needs
// an admin, and the first sync's progress.
import type { workspaces } from "~db/schema";
import { capitalise, formatDay, formatMoney, formatMoneyRounded, localeFor, todayIn } from "~/display/format";
import { describeSyncRun } from "~/display/sync-status";
import { AGEING_BUCKETS, DSO_WINDOW_DAYS, hasAnyInvoice } from "~/models/dashboard.server";
import { workspaceVersions } from "~/models/kept-figures.server";
import { receivablesSummary } from "~/models/receivables-summary.server";
import { reminderOverview } from "~/models/reminder-overview.server";
import { sendingAlerts } from "~/reminders/sending-state.server";
import { openInvoiceQueries } from "~/models/invoice-queries.server";
import { standingPromises } from "~/models/payment-promises.server";
import { latestSyncRuns } from "~/models/sync-runs.server";
import { getConnection, isConnected } from "~/models/xero-connections.server";
import { describeReminder } from "~/reminders/schedule";
import { statementsGoingToday } from "~/statements/settings.server";

const UPCOMING_DAYS = 7;

export async function loadDashboard(workspace: typeof workspaces.$inferSelect) {
  const today = todayIn(workspace.timeZone);
  const scope = { today, baseCurrency: workspace.baseCurrency };
  // The figures kept between changes (receivables, reminders) are keyed by the workspace's change counters, read first.
  const versions = await workspaceVersions(workspace.id);
  const [connection, hasInvoices, runs, { receivables, dso }, { activity, attention, upcoming }, sending, queries, promises, statements] = await Promise.all([
    getConnection(workspace.id),
    hasAnyInvoice(workspace.id),
    latestSyncRuns(workspace.id, 1),
    receivablesSummary(workspace.id, scope, versions),
    reminderOverview(workspace, { today, upcomingDays: UPCOMING_DAYS, versions }),
    sendingAlerts(workspace.id),
    openInvoiceQueries(workspace.id),
    standingPromises(workspace.id, today),
    statementsGoingToday(workspace, today),
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
      sending,
      // What customers said on their page: a query stops that invoice's reminders until someone resolves it.
      queries: queries.map((query) => ({ invoiceId: query.invoiceId, invoiceNumber: query.invoiceNumber ?? "(no number)", contactName: query.contactName })),
      promises: promises
        .sort((a, b) => a.promisedFor.localeCompare(b.promisedFor))
        .map((promise) => ({ invoiceId: promise.invoiceId, invoiceNumber: promise.invoiceNumber ?? "(no number)", contactName: promise.contactName, by: formatDay(promise.promisedFor, locale, { day: "numeric", month: "short" }) })),
    },
    upcomingDays: UPCOMING_DAYS,
    // Today's monthly statements still to go, when today is the statement day.
    statementsToday: statements && statements.customers.length > 0
      ? { month: formatDay(`${statements.period}-01`, locale, { month: "long", year: "numeric" }), customers: statements.customers.map(({ contactId, contactName }) => ({ contactId, contactName })) }
      : null,
    upcoming: upcoming.map((reminder) => ({
      key: `${reminder.invoiceId}:${reminder.stepId}:${reminder.repeatNumber}`,
      when: formatDay(reminder.sendOn, locale, { weekday: "short", day: "numeric", month: "short" }),
      contactId: reminder.contactId,
      contactName: reminder.contactName,
      invoiceId: reminder.invoiceId,
      invoiceNumber: reminder.invoiceNumber ?? "(no number)",
      step: capitalise(describeReminder(reminder.offsetDays, reminder.repeatNumber)),
      amountDue: money(reminder.amountDue, reminder.currencyCode),
    })),
  };
}
