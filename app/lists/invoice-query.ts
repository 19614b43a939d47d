// The Invoices page's view as URL parameters — search, filters, sort and the
// keyset cursor — so any view is a link someone can share. Shared by the
// loader (to query) and the page (to build links that change one thing).
import { z } from "zod";
import { brokenListLink, isCalendarDay, searchFor } from "./url-query";

/** Unpaid first and by default: the list opens on what needs chasing. */
export const INVOICE_STATUSES = ["unpaid", "overdue", "paid", "voided", "all"] as const;
export const INVOICE_SORTS = ["due", "amount", "overdue"] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Anything unrecognised falls back to the default rather than failing the page: links get mangled. */
const loose = <T extends z.ZodType>(schema: T, fallback: z.infer<T>) => schema.catch(fallback);

const invoiceQuerySchema = z.object({
  q: loose(z.string().trim().max(100), "").default(""),
  status: loose(z.enum(INVOICE_STATUSES), "unpaid").default("unpaid"),
  dueFrom: loose(day.optional(), undefined),
  dueTo: loose(day.optional(), undefined),
  paused: loose(z.enum(["1"]).optional(), undefined),
  sort: loose(z.enum(INVOICE_SORTS), "due").default("due"),
  dir: loose(z.enum(["asc", "desc"]), "asc").default("asc"),
  after: loose(z.string().max(200).optional(), undefined),
  before: loose(z.string().max(200).optional(), undefined),
});

export type InvoiceQuery = z.infer<typeof invoiceQuerySchema>;

/** A due date that is not a real day is a 400 with these words, not a silently different list (nor PostgreSQL's error). */
function checkDay(search: URLSearchParams, name: "dueFrom" | "dueTo", label: string) {
  const value = search.get(name);
  if (value && !isCalendarDay(value)) {
    throw brokenListLink(`The “${label}” date in this page's link, “${value.slice(0, 40)}”, isn't a real date. Dates are written year-month-day, like 2026-03-31.`);
  }
}

export function parseInvoiceQuery(search: URLSearchParams): InvoiceQuery {
  checkDay(search, "dueFrom", "due from");
  checkDay(search, "dueTo", "due to");
  return invoiceQuerySchema.parse(Object.fromEntries(search));
}

const DEFAULTS: Partial<InvoiceQuery> = { status: "unpaid", sort: "due", dir: "asc", q: "" };

export const invoiceSearch = (query: InvoiceQuery, changes: Partial<InvoiceQuery> = {}) => searchFor(query, DEFAULTS, changes);
