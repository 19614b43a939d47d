// A list page's view lives in its URL. These helpers write a view back out as
// a query string, leaving out defaults so links stay short and shareable.

/** The URL search for a view (`?a=1&b=2`, or "" for the default view). */
export function searchFor<Query extends Record<string, string | undefined>>(
  query: Query,
  defaults: Partial<Query>,
  changes: Partial<Query> = {},
) {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === "" || defaults[key] === value) continue;
    params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** Paging cursors are dropped whenever anything else about the view changes. */
export const FIRST_PAGE = { after: undefined, before: undefined };

/** `YYYY-MM-DD` naming a day that exists (no 31 June, no 2026-13-01). */
export function isCalendarDay(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The 400 a list page throws for a link it cannot read (a date that does not
 * exist, a mangled page cursor): the error page shows these words and leads
 * back to the list's first page. Never a database error.
 */
export function brokenListLink(what: string) {
  return new Response(what, { status: 400, statusText: "Bad Request" });
}
