// payment_promise_note: a customer's promise to pay, noted in the invoice's
// history in Xero, once (Xero's idempotency key makes a retried PUT one note).
import type { Task } from "graphile-worker";
import { z } from "zod";
import { markPromiseNoted, promiseNoteFor } from "~/models/payment-promises.server";
import { addHistoryNote } from "~/reminders/history-notes.server";

const payload = z.object({ promiseId: z.uuid() });

export const paymentPromiseNote: Task = async (raw, helpers) => {
  const { promiseId } = payload.parse(raw);
  const found = await promiseNoteFor(promiseId);
  if (!found || found.noted) return;
  const { gaveUp } = await addHistoryNote(found.workspaceId, found.note);
  if (gaveUp) helpers.logger.warn(`history note for payment promise ${promiseId} abandoned: ${gaveUp}`);
  else await markPromiseNoted(promiseId);
};
