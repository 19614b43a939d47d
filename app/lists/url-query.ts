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
