// Keyset paging cursors: the last row's sort value and id, opaque in the URL.
// A cursor that is not one Solido wrote (mangled when copied, edited by hand)
// is a 400 page with a way back to the list's first page — never a database
// error: its value is checked against the kind the list sorts by before any
// query casts it.
import { z } from "zod";
import { brokenListLink, isCalendarDay } from "~/lists/url-query";

const cursorSchema = z.tuple([z.string().max(400), z.uuid()]);

export type Cursor = { value: string; id: string };

export function encodeCursor(row: { sortValue: string; id: string }) {
  return Buffer.from(JSON.stringify([row.sortValue, row.id])).toString("base64url");
}

/** What a list sorts by, so a cursor's value is one PostgreSQL can read as that type. */
export type CursorValueKind = "text" | "date" | "numeric" | "timestamp";

const VALUE_SHAPES: Record<CursorValueKind, (value: string) => boolean> = {
  text: () => true,
  // A real calendar day, or PostgreSQL's "infinity" (undated invoices sort last).
  date: (value) => value === "infinity" || isCalendarDay(value),
  numeric: (value) => /^-?\d{1,15}(\.\d{1,6})?$/.test(value),
  timestamp: (value) => /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(value) && isCalendarDay(value.slice(0, 10)),
};


export function decodeCursor(cursor: string | undefined, kind: CursorValueKind = "text"): Cursor | null {
  if (!cursor) return null;
  let parsed;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success || !VALUE_SHAPES[kind](parsed.data[0])) {
    throw brokenListLink("This page's link has a broken “next page” or “previous page” part, so we can't tell which page to show.");
  }
  return { value: parsed.data[0], id: parsed.data[1] };
}

/**
 * Turns a fetched slice (PAGE_SIZE + 1 rows, read in the walking direction)
 * into a page in display order with its neighbours' cursors. Paging back reads
 * the index backwards from the cursor, then flips the page.
 */
export function pageOf<Row extends { sortValue: string; id: string }>(
  rows: Row[],
  pageSize: number,
  paging: { after: Cursor | null; before: Cursor | null },
) {
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (paging.before) page.reverse();
  const hasNext = paging.before ? page.length > 0 : more;
  // Coming forward from a cursor means there is a page before this one.
  const hasPrevious = paging.before ? more : Boolean(paging.after);
  return {
    rows: page,
    nextCursor: hasNext && page.length > 0 ? encodeCursor(page[page.length - 1]) : null,
    previousCursor: hasPrevious && page.length > 0 ? encodeCursor(page[0]) : null,
  };
}
