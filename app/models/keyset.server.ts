// Keyset paging cursors: the last row's sort value and id, opaque in the URL.
// A tampered or stale cursor is ignored (the first page), never an error.
import { z } from "zod";

const cursorSchema = z.tuple([z.string().max(400), z.uuid()]);

export type Cursor = { value: string; id: string };

export function encodeCursor(row: { sortValue: string; id: string }) {
  return Buffer.from(JSON.stringify([row.sortValue, row.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? { value: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
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
