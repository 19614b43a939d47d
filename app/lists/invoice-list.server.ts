// The Invoices table: search, filters and sort over a workspace's invoices,
// paged by keyset (the last row's sort value and id), so page 2,000 costs what
// page 1 does — OFFSET would read and discard every row before it.
import { sql } from "~/server/db.server";
import type { InvoiceQuery } from "~/lists/invoice-query";
import { decodeCursor, pageOf } from "../models/keyset.server";
import { isOpen } from "../models/receivables.server";

export const PAGE_SIZE = 50;

export type InvoiceRow = {
  id: string;
  invoiceNumber: string | null;
  reference: string | null;
  contactId: string;
  contactName: string;
  status: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
  currencyCode: string;
  total: string;
  amountDue: string;
  issueDate: string | null;
  dueDate: string | null;
  remindersPaused: boolean;
  /** When the latest reminder about it was sent; null when none was. */
  lastReminderAt: string | null;
  /** The sort value of this row, for the cursor. */
  sortValue: string;
};

/** `%`, `_` and `\` match literally in a search. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;

/**
 * The sort column as an expression the indexes cover. A missing due date sorts
 * last ('infinity'), so keyset comparisons never meet a null. "Days overdue"
 * is the due date read the other way round.
 */
function sortKey(query: InvoiceQuery) {
  if (query.sort === "amount") return { key: sql`i.amount_due`, cast: sql`::numeric`, ascending: query.dir === "asc" };
  const ascending = query.sort === "overdue" ? query.dir === "desc" : query.dir === "asc";
  return { key: sql`coalesce(i.due_date, 'infinity'::date)`, cast: sql`::date`, ascending };
}

function filters(workspaceId: string, query: InvoiceQuery, today: string) {
  const conditions = [sql`i.workspace_id = ${workspaceId}`];
  switch (query.status) {
    case "unpaid":
      conditions.push(isOpen());
      break;
    case "overdue":
      conditions.push(sql`${isOpen()} and i.due_date < ${today}::date`);
      break;
    case "paid":
      conditions.push(sql`i.status = 'PAID'`);
      break;
    case "voided":
      conditions.push(sql`i.status in ('VOIDED', 'DELETED')`);
      break;
  }
  if (query.dueFrom) conditions.push(sql`i.due_date >= ${query.dueFrom}::date`);
  if (query.dueTo) conditions.push(sql`i.due_date <= ${query.dueTo}::date`);
  if (query.paused) {
    conditions.push(sql`(i.reminders_paused_until > now() or exists (
      select 1 from contacts pc where pc.workspace_id = i.workspace_id and pc.id = i.contact_id and pc.reminders_paused_until > now()))`);
  }
  return conditions.reduce((all, condition) => sql`${all} and ${condition}`);
}

/**
 * The invoices a view reads: the workspace's, or, searching, only the matches,
 * read once. Each arm reads from its own index — number and reference OR-ed
 * into one bitmap scan of their trigram indexes; customers by name first,
 * narrowed into an array (the planner cannot guess how few a trigram match
 * finds, and as a join it hashed them against every invoice of the
 * workspace), then their invoices by contact — so the planner never walks the
 * whole sort order filtering, and a match is not looked up again by id.
 */
function source(workspaceId: string, query: InvoiceQuery) {
  if (!query.q) return sql`invoices i`;
  const pattern = likePattern(query.q);
  const byNumberOrReference = sql`(m.invoice_number ilike ${pattern} or m.reference ilike ${pattern})`;
  return sql`(
    select m.* from invoices m where m.workspace_id = ${workspaceId} and ${byNumberOrReference}
    union all
    select m.* from invoices m
    where m.workspace_id = ${workspaceId}
      and m.contact_id = any(array(select sc.id from contacts sc where sc.workspace_id = ${workspaceId} and sc.name ilike ${pattern}))
      -- Found by the arm above already (a missing number or reference matches nothing): one row per invoice.
      and not coalesce(${byNumberOrReference}, false)
  ) i`;
}

/**
 * A constant row limit, written into the statement rather than passed as a
 * parameter: postgres.js prepares every statement, and PostgreSQL's generic
 * plan for one assumes an unknown LIMIT keeps a tenth of the rows, so it
 * favours plans that start fast, such as scanning all 100,000 invoices
 * filtering instead of reading a search's few hundred matches from the index.
 */
const limit = (rows: number) => sql`limit ${sql.unsafe(String(Math.trunc(rows)))}`;

export async function listInvoices(workspaceId: string, query: InvoiceQuery, today: string) {
  const { key, cast, ascending } = sortKey(query);
  const where = filters(workspaceId, query, today);
  const kind = query.sort === "amount" ? "numeric" : "date";
  const before = decodeCursor(query.before, kind);
  const after = before ? null : decodeCursor(query.after, kind);
  // Paging back walks the index the other way from the cursor, then the page is flipped.
  const forward = before ? !ascending : ascending;
  const cursor = before ?? after;
  const direction = forward ? sql`asc` : sql`desc`;
  const seek = cursor
    ? forward
      ? sql`and (${key}, i.id) > (${cursor.value}${cast}, ${cursor.id}::uuid)`
      : sql`and (${key}, i.id) < (${cursor.value}${cast}, ${cursor.id}::uuid)`
    : sql``;
  // The page is chosen from the invoices alone, and only its rows are joined to their customers: a search that
  // matches a few thousand invoices would otherwise look up every match's customer before sorting.
  const rows = await sql<InvoiceRow[]>`
    select i.id, i.invoice_number as "invoiceNumber", i.reference, i.contact_id as "contactId", c.name as "contactName",
           i.status, i.currency_code as "currencyCode", i.total::text, i.amount_due::text as "amountDue",
           to_char(i.issue_date, 'YYYY-MM-DD') as "issueDate", to_char(i.due_date, 'YYYY-MM-DD') as "dueDate",
           (coalesce(i.reminders_paused_until > now(), false) or coalesce(c.reminders_paused_until > now(), false)) as "remindersPaused",
           -- For the page's rows only, each from the (invoice, step) key: never a per-row query from the app.
           (select max(e.sent_at) from reminders r join reminder_emails e on e.id = r.email_id
            where r.invoice_id = i.id and r.status = 'sent') as "lastReminderAt",
           (${key})::text as "sortValue"
    from (
      select i.* from ${source(workspaceId, query)}
      where ${where} ${seek}
      order by ${key} ${direction}, i.id ${direction}
      ${limit(PAGE_SIZE + 1)}
    ) i
    join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
    order by ${key} ${direction}, i.id ${direction}`;
  return pageOf(rows, PAGE_SIZE, { after, before });
}

/** Counting stops here: past it the page says "more than 10,000", and a count never reads all 100,000 rows. */
export const COUNT_LIMIT = 10_000;

/** How many invoices the view holds, up to COUNT_LIMIT + 1 (more than the limit). */
export async function countMatchingInvoices(workspaceId: string, query: InvoiceQuery, today: string) {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count
    from (select 1 from ${source(workspaceId, query)} where ${filters(workspaceId, query, today)} ${limit(COUNT_LIMIT + 1)}) capped`;
  return row?.count ?? 0;
}

/** Whether the workspace holds any invoice at all: an empty default view then says how they arrive, not "nothing to chase". */
export async function hasAnyInvoice(workspaceId: string) {
  const [row] = await sql<{ any: boolean }[]>`select exists (select 1 from invoices where workspace_id = ${workspaceId}) as any`;
  return row?.any ?? false;
}
