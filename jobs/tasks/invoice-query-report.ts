// invoice_query_report: a customer's query told to the business's owners and
// admins by email, then noted in the invoice's history in Xero. Each part is
// recorded when done, so a retry repeats neither.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { markQueryNoted, queryNoteFor, tellBusinessAboutQuery } from "~/models/invoice-queries.server";
import { addHistoryNote } from "~/reminders/history-notes.server";

const payload = z.object({ queryId: z.uuid() });

export const invoiceQueryReport: Task = async (raw, helpers) => {
  const { queryId } = payload.parse(raw);
  await tellBusinessAboutQuery(queryId);
  const found = await queryNoteFor(queryId);
  if (!found || found.noted) return;
  const { gaveUp } = await addHistoryNote(found.workspaceId, found.note);
  if (gaveUp) helpers.logger.warn(`history note for invoice query ${queryId} abandoned: ${gaveUp}`);
  else await markQueryNoted(queryId);
};
