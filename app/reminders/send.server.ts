// reminder_email_send's work: hand a batch of prepared emails to SMTP, each exactly once.
//
// An email's content and Message-ID were frozen before this runs. Two things
// make a send happen once, with any number of senders alive at the same time
// (docs/decisions/0002-claim-emails-with-a-lease.md):
//   - a claim before any SMTP: a conditional update takes the emails no other
//     send attempt holds, for a lease (REMINDER_SEND_LEASE_SECONDS); an email
//     held by another live attempt is left alone and looked at again when its
//     lease ends;
//   - the hand-over record before the final ".": the SMTP server accepts a
//     message only on its final dot, and the dot waits until `handed_over_at`
//     is committed by an update that still requires this attempt's claim. An
//     attempt whose claim was taken over (its lease ran out), or whose database
//     went away, never sends the dot; the server discards the message.
// A rerun after a crash therefore knows which side of the server's acceptance
// it is on:
//   - no hand-over recorded: the dot never left; send again (same Message-ID);
//   - hand-over recorded, not marked sent: the dot left, or was about to; the
//     email is recorded as sent and never sent again.
// What is left of the ambiguity sits between the hand-over record and the
// server's "250": a sender killed after the record but before its dot reached
// the server, or a server that drops the message after the dot while the
// sender is dead, leaves an email recorded sent but not delivered (never one
// sent twice). Solido chooses that side: a customer missing one reminder is
// better than one reminded twice, and the next step follows anyway.
import crypto from "node:crypto";
import { workspaces } from "~db/schema";
import { inArray } from "drizzle-orm";
import { db, sql } from "~/server/db.server";
import { env } from "~/server/env.server";
import { sendEmail, type EmailTransport, type SendEmailResult } from "~/server/email.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { senderFor, type Sender } from "./branding.server";
import { invoicePdfsFor, type InvoicePdf } from "./invoice-pdfs.server";
import { reopenForCheck } from "./prepare.server";

/** A payment check older than this is repeated before sending (a send retried after SMTP trouble). */
export const CHECK_FRESH_FOR_MS = 10 * 60_000;

/** SMTP said "try later"; graphile-worker retries the job with backoff. */
export class TemporarySendFailure extends Error {}

/**
 * sent; recovered (handed over by an attempt cut off before it heard back); bounced (the address was
 * refused); failed (the mail server refused Solido, not the address); held (the mail server refused
 * Solido's credentials: an operator must act, the sweeper re-checks); elsewhere (another live attempt
 * holds it: looked at again when its lease ends); dropped; rechecking (back to the payment check).
 */
export type SendOutcome = "sent" | "recovered" | "bounced" | "failed" | "held" | "elsewhere" | "dropped" | "rechecking" | "nothing_to_do";

/** The last_error of an email held because the mail server refused Solido's credentials (the sweeper looks for it). */
/** How an email the mail server refused from Solido (a relay or policy refusal, not the address) is recorded: the reason starts so. */
export const REFUSED_BY_MAIL_SERVER = "Not sent: the mail server refused it";
export const HELD_FOR_CREDENTIALS = "Held: the mail server refused Solido's SMTP sign-in (EAUTH). Sending resumes once SMTP_URL's credentials work again";

/** One send's history notes, for a whole batch: noted later, on the tenant's queue, behind sending. */
export const historyJobKey = (firstEmailId: string) => `reminder_history_note:${firstEmailId}`;

const RECOVERED_NOTE = "Recorded as sent: the message was handed to the mail server, and the sender stopped before it recorded the server's answer.";

/**
 * Ids as a uuid[] for `= any(…)`, which PostgreSQL answers with index lookups
 * whatever its statistics say (a freshly filled table has none; joined against
 * a set-returning function, the plan read every row of the table instead: a
 * batch's first read cost 35 ms, and marking it sent 8 ms, in bench:reminders).
 * Arrays travel as JSON: the shared client, configured by drizzle, cannot bind array parameters.
 */
const uuids = (ids: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

type Sendable = {
  id: string;
  workspaceId: string;
  contactId: string;
  contactName: string | null;
  toAddress: string | null;
  ccAddresses: string[];
  subject: string | null;
  html: string;
  text: string | null;
  messageId: string;
};

/**
 * Records emails sent, their reminders sent, and queues the reminder emails'
 * history notes (one job per workspace among them, on the tenant's queue so the notes pace
 * with its other Xero calls, and after any sending waiting for a worker). One
 * statement, so all of it or none.
 */
async function markSent(sent: { id: string; at: Date; note: string | null }[]) {
  if (sent.length === 0) return;
  await sql`
    with marked as (
      update reminder_emails e set status = 'sent', sent_at = s.at, last_error = coalesce(s.note, e.last_error), updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(sent.map((email) => ({ id: email.id, at: email.at.toISOString(), note: email.note })))}::jsonb) as s(id uuid, at timestamptz, note text)
      where e.id = s.id and e.status = 'queued'
      returning e.id, e.workspace_id, e.kind
    ),
    reminded as (
      update reminders r set status = 'sent', updated_at = now() where r.email_id = any(array(select id from marked)) and r.status = 'planned'
    ),
    per_workspace as (
      -- A statement names no invoice's reminder: nothing to note in Xero's history.
      select workspace_id, jsonb_agg(id order by id) as ids from marked where kind = 'reminder' group by workspace_id
    )
    select graphile_worker.add_job(
      identifier => 'reminder_history_note',
      payload => json_build_object('emailIds', p.ids),
      queue_name => ${xeroQueueName("")} || w.xero_tenant_id,
      job_key => 'reminder_history_note:' || (p.ids ->> 0),
      max_attempts => 20,
      priority => 1
    )
    from per_workspace p join workspaces w on w.id = p.workspace_id`;
}

export async function markNotSent(emailIds: string[], status: "dropped" | "failed", reasons: Map<string, string>) {
  if (emailIds.length === 0) return;
  const rows = JSON.stringify(emailIds.map((id) => ({ id, reason: reasons.get(id) ?? status })));
  await sql.begin(async (tx) => {
    await tx`
      update reminder_emails e set status = ${status}::reminder_email_status, last_error = f.reason, updated_at = now()
      from jsonb_to_recordset(${rows}::jsonb) as f(id uuid, reason text) where e.id = f.id and e.status = 'queued'`;
    await tx`
      update reminders r set status = 'skipped', skipped_reason = f.reason, updated_at = now()
      from jsonb_to_recordset(${rows}::jsonb) as f(id uuid, reason text) where r.email_id = f.id and r.status = 'planned'`;
  });
}

/**
 * Takes the emails no other send attempt holds, for this attempt and a lease,
 * and counts the attempt. One conditional update, so of two attempts at the
 * same moment each email goes to one. Returns the ids taken.
 */
async function claim(emailIds: string[], attempt: string): Promise<Set<string>> {
  const claimed = await sql<{ id: string }[]>`
    update reminder_emails set claimed_by = ${attempt}, claimed_until = now() + make_interval(secs => ${env().REMINDER_SEND_LEASE_SECONDS}), attempts = attempts + 1
    where id = any(${uuids(emailIds)}) and status = 'queued' and handed_over_at is null and prepared_at is not null
      and (claimed_until is null or claimed_until < now())
    returning id`;
  return new Set(claimed.map((row) => row.id));
}

/**
 * Commits "handed over", if this attempt still holds the email, before the
 * final dot may go: true lets the dot go. Public postgres.js only; a database
 * that went away rejects, and sendEmail withholds the dot.
 */
async function recordHandover(emailId: string, attempt: string): Promise<boolean> {
  const rows = await sql`
    update reminder_emails set handed_over_at = clock_timestamp()
    where id = ${emailId} and status = 'queued' and handed_over_at is null and claimed_by = ${attempt} and claimed_until > clock_timestamp()
    returning id`;
  return rows.length > 0;
}

/** Sends one email with its hand-over committed before its final dot; `lost` when another attempt had taken it over. */
async function handOver(
  email: Sendable,
  attempt: string,
  sender: Sender,
  pdfs: InvoicePdf[],
  now: Date,
  transport?: EmailTransport,
): Promise<{ result: SendEmailResult; handedOver: boolean; lost: boolean }> {
  let handedOver = false;
  let lost = false;
  const result = await sendEmail(
    {
      from: sender.from,
      to: { name: email.contactName ?? "", address: email.toAddress! },
      cc: email.ccAddresses,
      replyTo: sender.replyTo ?? undefined,
      bcc: sender.blindCopy ? [sender.blindCopy] : undefined,
      attachments: pdfs.map((pdf) => ({ ...pdf, contentType: "application/pdf" })),
      subject: email.subject!,
      html: email.html,
      text: email.text ?? "",
      messageId: email.messageId,
      date: now,
    },
    transport,
    {
      onHandover: async () => {
        handedOver = await recordHandover(email.id, attempt);
        lost = !handedOver;
        return handedOver;
      },
    },
  );
  return { result, handedOver, lost };
}

/** Queues another look at emails another attempt holds, for when its lease ends. */
async function lookAgainAfterLease(emailIds: string[]) {
  if (emailIds.length === 0) return;
  await sql`
    select graphile_worker.add_job(
      identifier => 'reminder_email_send',
      payload => json_build_object('emailIds', ${JSON.stringify(emailIds)}::jsonb),
      run_at => (select coalesce(max(claimed_until), now()) + interval '1 second' from reminder_emails where id = any(${uuids(emailIds)})),
      job_key => 'reminder_email_send:after-lease:' || ${emailIds[0]}::text,
      max_attempts => ${env().REMINDER_SEND_MAX_ATTEMPTS}::int
    )`;
}

/**
 * Sends a batch of prepared emails, one after another over the pooled SMTP
 * transport, each claimed first and handed over before its final dot. The
 * batch costs a handful of statements before and after; each email costs its
 * SMTP exchange and its one hand-over statement.
 *
 * Returns each email's outcome; throws TemporarySendFailure, after settling
 * every other email of the batch, when the mail server said "try later" to
 * any, so the job is retried with backoff (the ones settled are then skipped).
 */
export async function sendReminderEmails(emailIds: string[], now: Date, transport?: EmailTransport): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>(emailIds.map((id) => [id, "nothing_to_do"]));
  if (emailIds.length === 0) return outcomes;
  const rows = await sql<
    (Sendable & { status: string; preparedAt: string | null; handedOverAt: string | null; heldElsewhere: boolean; connectionStatus: string | null; settledSince: boolean })[]
  >`
    select e.id, e.workspace_id as "workspaceId", e.contact_id as "contactId", c.name as "contactName", e.to_address as "toAddress",
      e.cc_addresses as "ccAddresses", e.subject, e.html, e.text, e.message_id as "messageId", e.status,
      e.prepared_at as "preparedAt", e.handed_over_at as "handedOverAt", coalesce(e.claimed_until > now(), false) as "heldElsewhere",
      x.status as "connectionStatus", settled.since is not null as "settledSince"
    from reminder_emails e
    -- Each looked up by its key for each email of the batch (a LATERAL subquery with LIMIT is not
    -- flattened into a join). As plain joins, with a freshly filled table's missing or stale
    -- statistics, the plan read every contact, and checked every planned reminder's invoice, for
    -- each batch: 57 ms a batch in bench:reminders, the most PostgreSQL time of any statement.
    cross join lateral (select name from contacts where id = e.contact_id limit 1) c
    left join lateral (select status from xero_connections where workspace_id = e.workspace_id limit 1) x on true
    left join lateral (
      select true as since from reminders r join invoices i on i.id = r.invoice_id
      where r.email_id = e.id and r.status = 'planned' and (i.settled_seen_at is not null or i.status <> 'AUTHORISED')
      limit 1
    ) settled on true
    where e.id = any(${uuids(emailIds)})
    order by e.created_at, e.id`;

  const recovered: { id: string; at: Date; note: string }[] = [];
  const disconnected = new Map<string, string>();
  const recheck: string[] = [];
  const elsewhere: string[] = [];
  const candidates: Sendable[] = [];
  for (const row of rows) {
    if (row.status !== "queued" || !row.preparedAt || !row.html) continue;
    if (row.heldElsewhere) {
      // Another live attempt holds it (and may be waiting for the server's answer to its dot).
      elsewhere.push(row.id);
      outcomes.set(row.id, "elsewhere");
    } else if (row.handedOverAt) {
      // An earlier attempt handed the message over and was cut off before hearing back.
      recovered.push({ id: row.id, at: new Date(row.handedOverAt), note: RECOVERED_NOTE });
      outcomes.set(row.id, "recovered");
    } else if (row.connectionStatus !== "connected") {
      disconnected.set(row.id, row.connectionStatus ?? "not_connected");
      outcomes.set(row.id, "dropped");
    } else if (row.settledSince || now.getTime() - new Date(row.preparedAt).getTime() > CHECK_FRESH_FOR_MS) {
      recheck.push(row.id);
      outcomes.set(row.id, "rechecking");
    } else candidates.push(row);
  }
  await markSent(recovered);
  await markNotSent([...disconnected.keys()], "dropped", disconnected);
  await reopenForCheck(recheck);

  const attempt = crypto.randomUUID();
  const claimed = candidates.length > 0 ? await claim(candidates.map((email) => email.id), attempt) : new Set<string>();
  const ready = candidates.filter((email) => claimed.has(email.id));
  for (const email of candidates) {
    if (claimed.has(email.id)) continue;
    elsewhere.push(email.id);
    outcomes.set(email.id, "elsewhere");
  }
  if (ready.length === 0) {
    await lookAgainAfterLease(elsewhere);
    return outcomes;
  }

  const senders = new Map<string, Sender>();
  const attachingPdfs = new Set<string>();
  for (const workspace of await db.select().from(workspaces).where(inArray(workspaces.id, [...new Set(ready.map((email) => email.workspaceId))]))) {
    senders.set(workspace.id, await senderFor(workspace));
    if (workspace.attachInvoicePdfs) attachingPdfs.add(workspace.id);
  }

  // Looked for only where the workspace attaches them: most attach none, and the lookup ranks every planned
  // reminder of the batch's emails by due date (7 ms a batch of 25 in bench:reminders, for no PDF at all).
  const pdfs = await invoicePdfsFor(ready.filter((email) => attachingPdfs.has(email.workspaceId)).map((email) => email.id));

  const sent: { id: string; at: Date; note: null }[] = [];
  const refused: { email: Sendable; result: Exclude<SendEmailResult, { ok: true }> }[] = [];
  for (const email of ready) {
    const { result, handedOver, lost } = await handOver(email, attempt, senders.get(email.workspaceId)!, pdfs.get(email.id) ?? [], now, transport);
    if (result.ok) {
      sent.push({ id: email.id, at: now, note: null });
      continue;
    }
    if (lost) {
      // Its lease ran out and another attempt took it: that one sends it; the dot was withheld here.
      elsewhere.push(email.id);
      outcomes.set(email.id, "elsewhere");
      continue;
    }
    // The server answered the dot with a refusal: nothing was delivered, so the hand-over is void, at once
    // (were the sender stopped later in the batch, a standing hand-over would be settled as sent). A
    // connection lost after the dot says nothing of the kind: the server may hold the message, and the
    // hand-over stands.
    if (handedOver && result.code !== undefined) await sql`update reminder_emails set handed_over_at = null where id = ${email.id} and claimed_by = ${attempt}`;
    refused.push({ email, result });
  }
  await markSent(sent);
  for (const { id } of sent) outcomes.set(id, "sent");
  await lookAgainAfterLease(elsewhere);
  if (refused.length === 0) return outcomes;

  const bounced = refused.filter((each) => each.result.kind === "permanent" && each.result.blame === "recipient");
  if (bounced.length > 0) {
    // The address itself was refused. The contact needs attention until the address changes in Xero.
    await markNotSent(bounced.map((each) => each.email.id), "failed", new Map(bounced.map((each) => [each.email.id, `Bounced: ${each.result.message}`])));
    await markContactsBouncing(bounced.map((each) => each.email.contactId), now);
    for (const { email } of bounced) outcomes.set(email.id, "bounced");
  }
  const refusedSender = refused.filter((each) => each.result.kind === "permanent" && each.result.blame !== "recipient");
  if (refusedSender.length > 0) {
    // The mail server refused Solido (a relay or policy refusal), not the address: the customer's address
    // stays good, the email is not sent, and whoever runs Solido hears of it.
    for (const { email, result } of refusedSender) {
      console.warn(`[email] ALERT: the mail server refused reminder email ${email.id} from Solido (${result.code ?? "no code"}): ${result.message}`);
    }
    await markNotSent(refusedSender.map((each) => each.email.id), "failed", new Map(refusedSender.map((each) => [each.email.id, `${REFUSED_BY_MAIL_SERVER} (${each.result.message})`])));
    for (const { email } of refusedSender) outcomes.set(email.id, "failed");
  }
  const held = refused.filter((each) => each.result.blame === "credentials");
  if (held.length > 0) {
    // Retrying cannot help until someone fixes the credentials: no retry loop. The emails stay queued with
    // the reason on them; the sweeper re-checks the credentials and queues them again once they work.
    console.error(`[email] ALERT: the mail server refused Solido's SMTP credentials (EAUTH): fix SMTP_URL. ${held.length} reminder emails held: ${held[0].result.message}`);
    await sql`update reminder_emails set last_error = ${HELD_FOR_CREDENTIALS}, claimed_until = null where id = any(${uuids(held.map((each) => each.email.id))}) and status = 'queued'`;
    for (const { email } of held) outcomes.set(email.id, "held");
  }
  const deferred = refused.filter((each) => each.result.kind === "temporary" && each.result.blame !== "credentials");
  if (deferred.length === 0) return outcomes;
  await sql`
    update reminder_emails e set last_error = f.reason, claimed_until = null from jsonb_to_recordset(${JSON.stringify(deferred.map((each) => ({ id: each.email.id, reason: each.result.message })))}::jsonb) as f(id uuid, reason text)
    where e.id = f.id and e.status = 'queued' and e.claimed_by = ${attempt}`;
  throw new TemporarySendFailure(
    `Sending ${deferred.length} of ${ready.length} reminder emails failed for now: ${deferred.map((each) => `${each.email.id}: ${each.result.message}`).join("; ")}`,
  );
}

/** The contacts' addresses are refused by their mail servers: they need attention until the address changes in Xero. */
export async function markContactsBouncing(contactIds: string[], now: Date) {
  if (contactIds.length === 0) return;
  await sql`
    update contacts set email_bouncing_since = ${now.toISOString()}::timestamptz
    where id in (select jsonb_array_elements_text(${JSON.stringify(contactIds)}::jsonb)::uuid) and email_bouncing_since is null`;
}

/** One email's send (a batch of one). */
export async function sendReminderEmail(emailId: string, now: Date, transport?: EmailTransport): Promise<SendOutcome> {
  return (await sendReminderEmails([emailId], now, transport)).get(emailId)!;
}
