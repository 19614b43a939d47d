// Settings → Audit log: who connected Xero, changed the schedule, paused what
// or turned reminders on, and when — in plain words, in the organisation's time.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { Card } from "~/components/card";
import { Pagination } from "~/components/data-table";
import { EmptyState } from "~/components/empty-state";
import { ClockIcon } from "~/components/icons";
import { formatMoment, localeFor } from "~/display/format";
import { AUDIT_PAGE_SIZE, listAuditLog } from "~/models/audit-log.server";
import { isIndefinite } from "~/models/reminder-pauses.server";
import { searchFor } from "~/lists/url-query";

export const meta: MetaFunction = () => [{ title: "Audit log · Settings · Solido" }];

type Detail = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/**
 * Each action in words. Actions other modules add later fall back to their
 * code with dots turned to spaces, so the log never hides an entry.
 */
function describe(action: string, detail: Detail, locale: string, timeZone: string): { words: string; link?: { kind: "invoice" | "contact"; id: string } } {
  const until = text(detail.until);
  const untilWords = until ? (isIndefinite(until) ? " until resumed" : ` until ${formatMoment(until, locale, timeZone)}`) : "";
  const reason = text(detail.reason) ? ` (${detail.reason})` : "";
  switch (action) {
    case "workspace.created":
      return { words: "Created the workspace" };
    case "xero.connected":
      return { words: `Connected Xero${text(detail.organisationName) ? ` (${detail.organisationName})` : ""}` };
    case "xero.reconnected":
      return { words: "Reconnected Xero" };
    case "xero.disconnected":
      return { words: detail.by === "xero" ? "Xero disconnected the organisation" : "Disconnected Xero" };
    case "xero.needs_reconnect":
      return { words: "Xero stopped accepting Solido's access: reconnection needed" };
    case "member.joined":
      return { words: `Joined the workspace${text(detail.role) ? ` as ${detail.role}` : ""}` };
    case "member.invited":
      return { words: `Invited ${detail.email} as ${detail.role}` };
    case "invitation.revoked":
      return { words: `Withdrew the invitation to ${detail.email}` };
    case "access.requested":
      return { words: "Asked to join the workspace" };
    case "access.approved":
      return { words: `Let ${detail.email} in as ${detail.role}, at their request` };
    case "access.declined":
      return { words: `Declined ${detail.email}'s request to join` };
    case "member.removed":
      return { words: `Removed ${detail.email} (${detail.role})` };
    case "member.role_changed":
      return { words: `Changed ${detail.email}'s role from ${detail.from} to ${detail.to}` };
    case "member.left":
      return { words: "Left the workspace" };
    case "invoice.reminders_paused":
      return { words: `Paused reminders for invoice ${detail.invoiceNumber ?? ""}${untilWords}${reason}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "invoice.reminders_resumed":
      return { words: `Resumed reminders for invoice ${detail.invoiceNumber ?? ""}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "invoice.reminder_sent_now":
      return { words: `Sent the next reminder for invoice ${detail.invoiceNumber ?? ""} now, to ${detail.to}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "contact.reminders_paused":
      return { words: `Paused reminders for ${detail.contactName}${untilWords}${reason}`, link: { kind: "contact", id: String(detail.contactId) } };
    case "workspace.reminders_paused":
      return { words: `Paused all reminders${untilWords}${reason}` };
    case "workspace.reminders_resumed":
      return { words: "Resumed all reminders" };
    case "contact.reminders_resumed":
      return { words: `Resumed reminders for ${detail.contactName}`, link: { kind: "contact", id: String(detail.contactId) } };
    case "reminders.sent_due_now":
      return { words: `Sent the ${detail.reminders} reminders already due at once, outside the send window, on turning reminders on` };
    case "reminders.credit_hold_on":
      return { words: "Chose to hold a customer's reminders while they have unallocated credit in Xero" };
    case "reminders.credit_hold_off":
      return { words: "Stopped holding reminders for customers with unallocated credit" };
    case "branding.logo_uploaded":
      return { words: "Uploaded a new logo for reminder emails" };
    case "branding.logo_removed":
      return { words: "Removed the logo from reminder emails" };
    default: {
      const spelled = action.replace(/[._]/g, " ");
      return { words: spelled.charAt(0).toUpperCase() + spelled.slice(1) };
    }
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const search = new URL(request.url).searchParams;
  const page = await listAuditLog(workspace.id, { after: search.get("after") ?? undefined, before: search.get("before") ?? undefined });
  const locale = localeFor(workspace.countryCode);
  return {
    slug: workspace.slug,
    // Newer entries before this page: this is not the first page.
    paged: Boolean(page.previousCursor),
    // From the loader: constants in .server modules are not in the browser bundle.
    pageSize: AUDIT_PAGE_SIZE,
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
    entries: page.rows.map((entry) => ({
      id: entry.id,
      action: entry.action,
      ...describe(entry.action, entry.detail, locale, workspace.timeZone),
      who: entry.userGivenName ?? entry.userEmail ?? "Solido",
      at: formatMoment(entry.createdAt, locale, workspace.timeZone),
      iso: new Date(entry.createdAt).toISOString(),
    })),
  };
}

export default function AuditLog() {
  const { slug, entries, paged, pageSize, nextCursor, previousCursor } = useLoaderData<typeof loader>();
  const base = `/w/${slug}/settings/audit-log`;
  if (entries.length === 0 && !paged) {
    return (
      <EmptyState icon={<ClockIcon />} title="Nothing recorded yet">
        Connecting Xero, changing settings and turning reminders on or off are recorded here, with who did it and when.
      </EmptyState>
    );
  }
  return (
    <Card>
      <h2 className="border-b border-slate-200 px-6 py-4 text-lg font-semibold text-slate-900">
        {paged ? "Earlier changes" : "The latest changes"} <span className="text-sm font-normal text-slate-600">({pageSize} a page, newest first)</span>
      </h2>
      <ul className="divide-y divide-slate-200" data-testid="audit-log">
        {entries.map((entry) => (
          <li key={entry.id} className="flex flex-col gap-1 px-6 py-3 text-sm sm:flex-row sm:justify-between sm:gap-6" data-action={entry.action}>
            <span className="text-slate-900">
              <span className="font-medium">{entry.who}</span> · {entry.words}
              {entry.link ? (
                <>
                  {" "}
                  <Link to={`/w/${slug}/${entry.link.kind === "invoice" ? "invoices" : "contacts"}/${entry.link.id}`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                    View<span className="sr-only"> the {entry.link.kind}</span>
                  </Link>
                </>
              ) : null}
            </span>
            <time dateTime={entry.iso} className="shrink-0 text-slate-600">
              {entry.at}
            </time>
          </li>
        ))}
      </ul>
      <Pagination pageAt={(cursor) => base + searchFor(cursor, {})} previousCursor={previousCursor} nextCursor={nextCursor} />
    </Card>
  );
}
