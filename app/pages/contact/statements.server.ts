// The contact page's "Statements": the customer's last statement sent, the next
// one scheduled, and "Send statement now" (admins; the engine's own checks).
import { data } from "@remix-run/node";
import type { workspaces } from "~db/schema";
import { formatDay, formatMoment } from "~/display/format";
import { flashToast } from "~/http/session.server";
import { checkSendStatementNow, sendStatementNow } from "~/statements/send-now.server";
import { customerStatements } from "~/statements/settings.server";
import { describeStatementDate } from "~/statements/schedule";

type Workspace = typeof workspaces.$inferSelect;

export type StatementNowState = { ok: true; to: string; openInvoices: number } | { ok: false; message: string };

export async function loadContactStatements(workspace: Workspace, contactId: string, today: string, locale: string) {
  const [statements, check] = await Promise.all([customerStatements(workspace, contactId, today), checkSendStatementNow(workspace.id, contactId)]);
  const sendNow: StatementNowState = check?.ok ? { ok: true, to: check.to, openInvoices: check.openInvoices } : { ok: false, message: check?.message ?? "" };
  return {
    lastSent: statements.lastSent
      ? {
          emailId: statements.lastSent.id,
          at: formatMoment(statements.lastSent.sentAt, locale, workspace.timeZone),
          monthly: statements.lastSent.statementPeriod !== null,
        }
      : null,
    next: statements.next ? describeStatementDate(statements.next, locale) : null,
    nextHeldBecause: statements.nextHeldBecause,
    monthlyOn: workspace.monthlyStatementDay !== null,
    sendNow,
    todayLabel: formatDay(today, locale),
  };
}

/** "Send statement now": the statement is decided and the prepare job queued, or the refusal in words. */
export async function sendStatementNowAction(request: Request, workspace: Workspace, contactId: string, userId: string) {
  const outcome = await sendStatementNow({ workspaceId: workspace.id, contactId, userId });
  if (!outcome) throw new Response("Not found", { status: 404 });
  if (!outcome.ok) return data({ error: outcome.message }, { status: 400, headers: await flashToast(request, { kind: "error", message: outcome.message }) });
  return data({ error: null }, { headers: await flashToast(request, { kind: "success", message: `Sending a statement to ${outcome.to} now.` }) });
}
