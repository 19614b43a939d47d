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
import { describeEntry } from "~/pages/audit-log/entry-words.server";
import { searchFor } from "~/lists/url-query";

export const meta: MetaFunction = () => [{ title: "Audit log · Settings · Solido" }];

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
      ...describeEntry(entry.action, entry.detail, locale, workspace.timeZone),
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
