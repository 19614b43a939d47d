// "Send statement now", from a customer's page: a statement of everything the
// customer has open, today, whatever the month's schedule says — through the
// same exactly-once path as the monthly ones. The decision is a statement row
// under its key (one statement per customer per day, so two clicks or two
// admins make one), then the workspace's prepare job asks Xero about the
// invoices right before rendering, and a send job hands it over.
//
// Like reminders it follows the preview/live switch: in preview nothing goes
// to customers, and the settings page's preview and test email show one.
import crypto from "node:crypto";
import { sql as drizzleSql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~db/client";
import { db } from "~/server/db.server";
import { recordAudit } from "~/models/audit-log.server";
import { contactRecipients } from "~/models/contact-recipients.server";
import { contactRefusalOf, customerFactsColumns, customerFactsJoins, explainCustomerRefusal, workspaceRefusalOf, type CustomerFacts, type CustomerRefusal } from "~/reminders/customer-facts.server";
import { prepareJobOptions } from "~/reminders/prepare.server";
import { enqueue } from "~jobs/enqueue";
import { statementMessageId } from "./planner.server";

export type StatementRefusal = CustomerRefusal | "nothing_open" | "sent_today";

type Facts = CustomerFacts & { openInvoices: number; sentToday: boolean };

function explain(reason: StatementRefusal, facts: Facts): string {
  switch (reason) {
    case "nothing_open":
      return `${facts.contactName} has no open invoices, so there is nothing to put on a statement.`;
    case "sent_today":
      return `${facts.contactName} already has a statement today. Try again tomorrow.`;
    default:
      return explainCustomerRefusal(reason, facts, "statement");
  }
}

function refusalOf(facts: Facts): StatementRefusal | null {
  if (facts.openInvoices === 0) return "nothing_open";
  const refusal = workspaceRefusalOf(facts) ?? contactRefusalOf(facts);
  if (refusal) return refusal;
  if (facts.sentToday) return "sent_today";
  return null;
}

async function factsOf(executor: Executor, workspaceId: string, contactId: string, now: Date, lock = false): Promise<Facts | undefined> {
  if (!z.uuid().safeParse(contactId).success) return undefined;
  const at = now.toISOString();
  const rows = (await executor.execute(drizzleSql`
    select ${customerFactsColumns(at)},
      (select count(*)::int from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id
        and i.status = 'AUTHORISED' and i.amount_due > 0 and i.settled_seen_at is null) as "openInvoices",
      exists (select 1 from reminder_emails e where e.contact_id = c.id and e.kind = 'statement'
        and e.send_date = (${at}::timestamptz at time zone w.time_zone)::date) as "sentToday"
    from contacts c
    ${customerFactsJoins}
    where c.workspace_id = ${workspaceId} and c.id = ${contactId}
    ${lock ? drizzleSql`for update of c` : drizzleSql``}`)) as unknown as Facts[];
  return rows[0];
}

export type StatementCheck = { ok: true; to: string; openInvoices: number } | { ok: false; reason: StatementRefusal; message: string };

const decide = (facts: Facts): StatementCheck => {
  const reason = refusalOf(facts);
  return reason ? { ok: false, reason, message: explain(reason, facts) } : { ok: true, to: contactRecipients(facts)!.to, openInvoices: facts.openInvoices };
};

/** Whether a statement can go to this customer now, and if not why (the contact page's button). Undefined for a contact not in the workspace. */
export async function checkSendStatementNow(workspaceId: string, contactId: string, now = new Date()): Promise<StatementCheck | undefined> {
  const facts = await factsOf(db, workspaceId, contactId, now);
  return facts ? decide(facts) : undefined;
}

export type StatementNowOutcome = (StatementCheck & { ok: false }) | { ok: true; emailId: string; to: string };

/**
 * Decides a statement for the customer now: in one transaction, with the contact row locked, the
 * checks again, the statement row (closed, its Message-ID fixed), the audit entry and the
 * workspace's prepare job. Undefined for a contact not in the workspace.
 */
export async function sendStatementNow(input: { workspaceId: string; contactId: string; userId: string; now?: Date }): Promise<StatementNowOutcome | undefined> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<StatementNowOutcome | undefined> => {
    const facts = await factsOf(tx, input.workspaceId, input.contactId, now, true);
    if (!facts) return undefined;
    const decision = decide(facts);
    if (!decision.ok) return decision;
    const emailId = crypto.randomUUID();
    const created = await tx.execute(drizzleSql`
      insert into reminder_emails (id, workspace_id, contact_id, kind, send_date, message_id, closed_at)
      values (${emailId}, ${input.workspaceId}, ${input.contactId}, 'statement', ${facts.today}::date, ${statementMessageId(emailId)}, ${now.toISOString()}::timestamptz)
      on conflict do nothing
      returning id`);
    if (created.length === 0) return { ok: false, reason: "sent_today", message: explain("sent_today", facts) };
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      userId: input.userId,
      action: "contact.statement_sent_now",
      detail: { contactId: input.contactId, emailId, to: decision.to },
    });
    // Ahead of other work waiting on the organisation's queue: someone is watching for this one.
    await enqueue(tx, "reminder_emails_prepare", { workspaceId: input.workspaceId }, { ...prepareJobOptions(input.workspaceId, facts.tenantId), priority: -1 });
    return { ok: true, emailId, to: decision.to };
  });
}
