// Customers' unallocated credit, as copied from Xero's sales credit notes: the
// set-based upsert sync writes with, what the invoice and contact pages show,
// and the workspace's choice to hold a customer's reminders while credit
// remains (docs/decisions/0004-hold-reminders-while-credit.md).
import { and, eq, gt, inArray } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import type { Executor } from "~db/client";
import { creditNotes } from "~db/schema";
import { sql } from "~/server/db.server";
import { formatMoney } from "~/display/format";

/**
 * A sales credit note, overpayment or prepayment as Xero describes it (its id
 * in xeroCreditNoteId, whichever it is). Money is a decimal string, dates are
 * YYYY-MM-DD.
 */
export type CreditNoteRecord = {
  kind: (typeof creditNotes.$inferSelect)["kind"];
  xeroCreditNoteId: string;
  xeroContactId: string;
  creditNoteNumber: string | null;
  status: (typeof creditNotes.$inferSelect)["status"];
  currencyCode: string;
  total: string;
  remainingCredit: string;
  issueDate: string | null;
  /** ISO timestamp: Xero's UpdatedDateUTC. */
  xeroUpdatedAt: string;
};

/**
 * Inserts or updates a batch in one statement; a row equal to Xero's is left
 * alone, so re-reading an overlap writes nothing (and moves no planner counter).
 */
export async function upsertCreditNotes(tx: TransactionSql, workspaceId: string, records: CreditNoteRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const written = await tx`
    insert into credit_notes as n (workspace_id, kind, xero_credit_note_id, xero_contact_id, credit_note_number, status, currency_code, total, remaining_credit, issue_date, xero_updated_at)
    select ${workspaceId}::uuid, r.kind, r."xeroCreditNoteId", r."xeroContactId", r."creditNoteNumber", r.status, r."currencyCode", r.total, r."remainingCredit", r."issueDate", r."xeroUpdatedAt"
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
      kind customer_credit_kind, "xeroCreditNoteId" text, "xeroContactId" text, "creditNoteNumber" text, status credit_note_status, "currencyCode" text,
      total numeric, "remainingCredit" numeric, "issueDate" date, "xeroUpdatedAt" timestamptz)
    on conflict (workspace_id, xero_credit_note_id) do update set
      xero_contact_id = excluded.xero_contact_id, credit_note_number = excluded.credit_note_number, status = excluded.status,
      currency_code = excluded.currency_code, total = excluded.total, remaining_credit = excluded.remaining_credit,
      issue_date = excluded.issue_date, xero_updated_at = excluded.xero_updated_at, updated_at = now()
    where (n.xero_contact_id, n.credit_note_number, n.status, n.currency_code, n.total, n.remaining_credit, n.issue_date, n.xero_updated_at)
      is distinct from (excluded.xero_contact_id, excluded.credit_note_number, excluded.status, excluded.currency_code, excluded.total,
        excluded.remaining_credit, excluded.issue_date, excluded.xero_updated_at)
    returning 1`;
  return written.length;
}

/**
 * SQL condition over a `contacts` row aliased `c`: Xero shows unallocated
 * credit on the customer's account (an AUTHORISED sales credit note,
 * overpayment or prepayment with RemainingCredit left — one rule for all three). With the workspace's hold on, such a customer's
 * reminders are held (the planner's "held_for_credit", prepare, send-now,
 * upcoming reminders).
 */
export const hasUnallocatedCreditCondition = `exists (select 1 from credit_notes cn where cn.workspace_id = c.workspace_id
  and cn.xero_contact_id = c.xero_contact_id and cn.status = 'AUTHORISED' and cn.remaining_credit > 0)`;

/** hasUnallocatedCreditCondition as a fragment for the shared postgres.js pool's queries. */
export const hasUnallocatedCredit = () => sql.unsafe(hasUnallocatedCreditCondition);

export type UnallocatedCredit = { currencyCode: string; remainingCredit: string; creditNotes: number };

/** The customer's unallocated credit in Xero, per currency (usually none). */
export async function unallocatedCreditOf(workspaceId: string, xeroContactId: string): Promise<UnallocatedCredit[]> {
  return sql<UnallocatedCredit[]>`
    select currency_code as "currencyCode", sum(remaining_credit)::text as "remainingCredit", count(*)::int as "creditNotes"
    from credit_notes
    where workspace_id = ${workspaceId} and xero_contact_id = ${xeroContactId} and status = 'AUTHORISED' and remaining_credit > 0
    group by currency_code
    order by currency_code`;
}

/** Xero's contact ids, among these, whose customer has unallocated credit (inside the caller's transaction). */
export async function contactsWithUnallocatedCredit(executor: Executor, workspaceId: string, xeroContactIds: string[]): Promise<Set<string>> {
  if (xeroContactIds.length === 0) return new Set();
  const rows = await executor
    .selectDistinct({ xeroContactId: creditNotes.xeroContactId })
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.workspaceId, workspaceId),
        inArray(creditNotes.xeroContactId, xeroContactIds),
        eq(creditNotes.status, "AUTHORISED"),
        gt(creditNotes.remainingCredit, "0"),
      ),
    );
  return new Set(rows.map((row) => row.xeroContactId));
}

/**
 * Turns the workspace's credit hold on or off, with an audit entry. The
 * planner's mark is invalidated in the same transaction (the workspace's
 * reminder inputs changed), so reminders held until now are decided at its
 * next pass, and newly held ones are no longer planned.
 */
export async function setHoldRemindersWhileCredit(workspaceId: string, userId: string, hold: boolean) {
  await sql.begin(async (tx) => {
    const [changed] = await tx<{ id: string }[]>`
      update workspaces set hold_reminders_while_credit = ${hold}, updated_at = now()
      where id = ${workspaceId} and hold_reminders_while_credit is distinct from ${hold}
      returning id`;
    if (!changed) return;
    await tx`
      insert into reminder_input_versions as v (workspace_id, version) values (${workspaceId}, 1)
      on conflict (workspace_id) do update set version = v.version + 1`;
    await tx`
      insert into audit_log (workspace_id, user_id, action, detail)
      values (${workspaceId}, ${userId}, ${hold ? "reminders.credit_hold_on" : "reminders.credit_hold_off"}, '{}'::jsonb)`;
  });
}

/** What the invoice and contact pages say about a customer's credit: the amounts, and whether it holds their reminders. */
export type CreditNotice = { amounts: string[]; held: boolean };

export async function creditNotice(
  workspace: { id: string; holdRemindersWhileCredit: boolean },
  xeroContactId: string,
  locale: string,
): Promise<CreditNotice | null> {
  const credit = await unallocatedCreditOf(workspace.id, xeroContactId);
  if (credit.length === 0) return null;
  return { amounts: credit.map((each) => formatMoney(each.remainingCredit, each.currencyCode, locale)), held: workspace.holdRemindersWhileCredit };
}
