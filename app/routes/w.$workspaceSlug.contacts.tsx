// Contacts: the workspace's customers, what each owes, where reminders go and
// whether they can reach them.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { LoadingTable, NoMatches, Pagination, RowLink, ViewTabs } from "~/components/data-table";
import { EmptyState } from "~/components/empty-state";
import { ContactsIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { CONTACT_STATE_BADGE, CONTACT_STATES, contactSearch, parseContactQuery, type ContactQuery } from "~/lists/contact-query";
import { countWords, formatMoney, localeFor, todayIn } from "~/display/format";
import { countMatchingContacts, listContacts, totalsForContacts } from "~/lists/contact-list.server";
import { COUNT_LIMIT } from "~/lists/invoice-list.server";
import { FIRST_PAGE } from "~/lists/url-query";
import { allRecipients, contactRecipients } from "~/models/contact-recipients.server";

export const meta: MetaFunction = () => [{ title: "Contacts · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const query = parseContactQuery(new URL(request.url).searchParams);
  const [page, matching] = await Promise.all([listContacts(workspace.id, query), countMatchingContacts(workspace.id, query)]);
  const totals = await totalsForContacts(workspace.id, page.rows.map((row) => row.id), todayIn(workspace.timeZone));
  const locale = localeFor(workspace.countryCode);
  return {
    slug: workspace.slug,
    query,
    // The workspace has none at all (not merely none in this view): the page explains how they arrive.
    empty: matching === 0 && contactSearch(query, FIRST_PAGE) === "",
    matching,
    countLabel: countWords(matching, COUNT_LIMIT, "contact"),
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
    rows: page.rows.map((row) => ({
      id: row.id,
      name: row.name,
      emails: allRecipients(contactRecipients(row)),
      state: row.state,
      totals: (totals.get(row.id) ?? []).map((each) => ({
        currencyCode: each.currencyCode,
        outstanding: formatMoney(each.outstanding, each.currencyCode, locale),
        overdue: Number(each.overdue) > 0 ? formatMoney(each.overdue, each.currencyCode, locale) : null,
      })),
    })),
  };
}

const STATE_TAB: Record<(typeof CONTACT_STATES)[number], string> = {
  all: "All",
  owing: "Owing",
  ok: "OK",
  no_email: "No email",
  bouncing: "Bouncing",
  paused: "Paused",
  archived: "Archived",
};

export default function Contacts() {
  const { slug, query, empty, countLabel, rows, nextCursor, previousCursor } = useLoaderData<typeof loader>();
  const base = `/w/${slug}/contacts`;
  const view = (changes: Partial<ContactQuery>) => base + contactSearch(query, { ...FIRST_PAGE, ...changes });
  return (
    <>
      <PageHeader title="Contacts" description="The customers your reminders go to, with the email addresses Xero holds for them." />
      {empty ? (
        <EmptyState icon={<ContactsIcon />} title="No contacts yet">
          Your customers appear here once Xero is connected. Solido uses the email address on each contact in Xero.
        </EmptyState>
      ) : (
        <Card>
          <ViewTabs
            label="Contact state"
            tabs={CONTACT_STATES.map((state) => ({ key: state, label: STATE_TAB[state], to: view({ state }), current: query.state === state }))}
          />
          <Form method="get" role="search" aria-label="Search contacts" className="flex flex-wrap items-end gap-3 p-4">
            {query.state !== "all" ? <input type="hidden" name="state" value={query.state} /> : null}
            <label className="flex min-w-[14rem] flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
              Search
              <input
                type="search"
                name="q"
                defaultValue={query.q}
                placeholder="Name or email"
                className="rounded-md border border-slate-300 px-3 py-2 font-normal text-slate-900 placeholder:text-slate-500"
              />
            </label>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </Form>
          <p className="px-4 pb-2 text-sm text-slate-600" aria-live="polite">
            {countLabel}
          </p>
          {rows.length === 0 ? (
            <NoMatches noun="contacts" resetTo={base} resetLabel="Show all contacts" />
          ) : (
            <LoadingTable label="Contacts">
              <table className="min-w-full text-sm" data-testid="contact-table">
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    <th scope="col" className="px-4 py-3 font-medium">Customer</th>
                    {/* On a phone the key columns stay, customer and what they owe; the address and state go under the name, overdue under the total. */}
                    <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">Reminders go to</th>
                    <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">Status</th>
                    <th scope="col" className="px-4 py-3 text-right font-medium">Outstanding</th>
                    <th scope="col" className="hidden px-4 py-3 text-right font-medium sm:table-cell">Overdue</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {rows.map((row) => (
                    <tr key={row.id} className="hover:bg-slate-50" data-testid="contact-row">
                      <td className="px-4 py-3">
                        <RowLink to={`${base}/${row.id}`} className="font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                          {row.name}
                        </RowLink>
                        <span className="mt-0.5 block max-w-[11rem] truncate text-xs text-slate-600 md:hidden">{row.emails[0] ?? "No email address"}</span>
                        <span className="mt-1 block sm:hidden">
                          <Badge tone={CONTACT_STATE_BADGE[row.state].tone}>{CONTACT_STATE_BADGE[row.state].label}</Badge>
                        </span>
                      </td>
                      <td className="hidden max-w-[16rem] px-4 py-3 text-slate-700 md:table-cell">
                        {row.emails.length ? row.emails.map((email) => <span key={email} className="block truncate">{email}</span>) : <span className="text-slate-500">—</span>}
                      </td>
                      <td className="hidden whitespace-nowrap px-4 py-3 sm:table-cell">
                        <Badge tone={CONTACT_STATE_BADGE[row.state].tone}>{CONTACT_STATE_BADGE[row.state].label}</Badge>
                      </td>
                      <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                        {row.totals.length ? row.totals.map((each) => <span key={each.currencyCode} className="block">{each.outstanding}</span>) : "—"}
                        {row.totals.map((each) =>
                          each.overdue ? (
                            <span key={each.currencyCode} className="block text-xs text-red-800 sm:hidden">
                              {each.overdue} overdue
                            </span>
                          ) : null,
                        )}
                      </td>
                      <td className="hidden whitespace-nowrap px-4 py-3 text-right tabular-nums text-red-800 sm:table-cell">
                        {row.totals.map((each) => (each.overdue ? <span key={each.currencyCode} className="block">{each.overdue}</span> : null))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </LoadingTable>
          )}
          <Pagination pageAt={view} previousCursor={previousCursor} nextCursor={nextCursor} />
        </Card>
      )}
    </>
  );
}
