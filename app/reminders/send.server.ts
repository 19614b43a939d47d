// reminder_email_send's work: hand a batch of prepared emails to SMTP, each exactly once.
//
// An email's content and Message-ID were frozen before this runs. Each
// attempt commits `attempts + 1`, then sends. The SMTP server accepts a
// message only on its final "."; `handed_over_at` is written to PostgreSQL
// just before that dot goes to the server, after the rest of the message has
// (see recordHandover and sendEmail's onHandover). A rerun after a crash
// therefore knows which side of the server's acceptance it is on:
//   - no hand-over recorded: the dot never left; the server discarded the
//     unfinished message; send again (same Message-ID);
//   - hand-over recorded, not marked sent: the dot left, or was about to; the
//     email is recorded as sent and never sent again.
// What is left of the ambiguity sits between the hand-over record and the
// server's "250": a sender killed after the record but before its last few
// bytes reached the kernel, or a server that drops or refuses the message
// after the dot while the sender is dead, leaves an email recorded sent but
// not delivered (never one sent twice). Solido chooses that side: a customer
// missing one reminder is better than one reminded twice, and the next step
// follows anyway.
import type { ReservedSql } from "postgres";
import { workspaces } from "~db/schema";
import { inArray } from "drizzle-orm";
import { db, sql } from "~/server/db.server";
import { sendEmail, type EmailTransport, type SendEmailResult } from "~/server/email.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { senderFor, type Sender } from "./branding.server";
import { reopenForCheck } from "./prepare.server";

/** A payment check older than this is repeated before sending (a send retried after SMTP trouble). */
export const CHECK_FRESH_FOR_MS = 10 * 60_000;

/** SMTP said "try later"; graphile-worker retries the job with backoff. */
export class TemporarySendFailure extends Error {}

export type SendOutcome = "sent" | "recovered" | "bounced" | "dropped" | "rechecking" | "nothing_to_do";

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
 * Records emails sent, their reminders sent, and queues their history notes
 * (one job per workspace among them, on the tenant's queue so the notes pace
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
      returning e.id, e.workspace_id
    ),
    reminded as (
      update reminders r set status = 'sent', updated_at = now() where r.email_id = any(array(select id from marked)) and r.status = 'planned'
    ),
    per_workspace as (
      select workspace_id, jsonb_agg(id order by id) as ids from marked group by workspace_id
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

async function markNotSent(emailIds: string[], status: "dropped" | "failed", reasons: Map<string, string>) {
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
 * Puts "handed over" on the wire to PostgreSQL in the same synchronous step
 * as the final dot goes to the SMTP server, just before it. Both writes reach the kernel
 * before anything else runs, and PostgreSQL runs a statement it has received
 * even if the sender dies after sending it, so a crash falls before both or
 * after both, but for the microseconds between two syscalls. Written as one
 * simple-protocol message of over 1 KiB because postgres.js holds back smaller
 * writes until setImmediate, after other I/O callbacks.
 */
function recordHandover(wire: ReservedSql, emailId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(emailId)) throw new TypeError(`Not an email id: ${emailId}`);
  const statement = `update reminder_emails set handed_over_at = clock_timestamp() where id = '${emailId}' and status = 'queued' and handed_over_at is null returning id`;
  const query = wire.unsafe(`${statement} -- ${" ".repeat(1024)}`).simple() as unknown as Promise<unknown[]> & { executed: boolean; handler: (query: unknown) => void };
  // What query.execute() does a microtask later (postgres.js starts a query after `await 1`), done now,
  // so the statement reaches the socket before the caller goes on to write the dot.
  query.executed = true;
  query.handler(query);
  return query;
}

/** Sends one email with its hand-over recorded on the wire; says whether the hand-over was recorded. */
async function handOver(wire: ReservedSql, email: Sendable, sender: Sender, now: Date, transport?: EmailTransport): Promise<{ result: SendEmailResult; handedOver: boolean }> {
  let marker: Promise<unknown[]> | undefined;
  const result = await sendEmail(
    {
      from: sender.from,
      to: { name: email.contactName ?? "", address: email.toAddress! },
      cc: email.ccAddresses,
      replyTo: sender.replyTo ?? undefined,
      subject: email.subject!,
      html: email.html,
      text: email.text ?? "",
      messageId: email.messageId,
      date: now,
    },
    transport,
    { onHandover: () => (marker = recordHandover(wire, email.id)) },
  );
  return { result, handedOver: marker ? (await marker).length > 0 : false };
}

/**
 * Sends a batch of prepared emails, one after another over the pooled SMTP
 * transport, each with its hand-over recorded as its final dot leaves. The
 * batch costs a handful of statements before and after; each email costs its
 * SMTP exchange and its one hand-over statement. A batch holds one database
 * connection at a time, so any number of send jobs can share a small pool.
 *
 * Returns each email's outcome; throws TemporarySendFailure, after settling
 * every other email of the batch, when the mail server said "try later" to
 * any, so the job is retried with backoff (the ones settled are then skipped).
 */
export async function sendReminderEmails(emailIds: string[], now: Date, transport?: EmailTransport): Promise<Map<string, SendOutcome>> {
  const outcomes = new Map<string, SendOutcome>(emailIds.map((id) => [id, "nothing_to_do"]));
  if (emailIds.length === 0) return outcomes;
  const rows = await sql<
    (Sendable & { status: string; preparedAt: string | null; handedOverAt: string | null; connectionStatus: string | null; settledSince: boolean })[]
  >`
    select e.id, e.workspace_id as "workspaceId", e.contact_id as "contactId", c.name as "contactName", e.to_address as "toAddress",
      e.cc_addresses as "ccAddresses", e.subject, e.html, e.text, e.message_id as "messageId", e.status,
      e.prepared_at as "preparedAt", e.handed_over_at as "handedOverAt", x.status as "connectionStatus",
      settled.since is not null as "settledSince"
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
  const ready: Sendable[] = [];
  for (const row of rows) {
    if (row.status !== "queued" || !row.preparedAt || !row.html) continue;
    if (row.handedOverAt) {
      // An earlier attempt handed the message over and was cut off before hearing back.
      recovered.push({ id: row.id, at: new Date(row.handedOverAt), note: RECOVERED_NOTE });
      outcomes.set(row.id, "recovered");
    } else if (row.connectionStatus !== "connected") {
      disconnected.set(row.id, row.connectionStatus ?? "not_connected");
      outcomes.set(row.id, "dropped");
    } else if (row.settledSince || now.getTime() - new Date(row.preparedAt).getTime() > CHECK_FRESH_FOR_MS) {
      recheck.push(row.id);
      outcomes.set(row.id, "rechecking");
    } else ready.push(row);
  }
  await markSent(recovered);
  await markNotSent([...disconnected.keys()], "dropped", disconnected);
  await reopenForCheck(recheck);
  if (ready.length === 0) return outcomes;

  await sql`update reminder_emails set attempts = attempts + 1 where id = any(${uuids(ready.map((email) => email.id))})`;
  const senders = new Map<string, Sender>();
  for (const workspace of await db.select().from(workspaces).where(inArray(workspaces.id, [...new Set(ready.map((email) => email.workspaceId))]))) {
    senders.set(workspace.id, await senderFor(workspace));
  }

  const sent: { id: string; at: Date; note: null }[] = [];
  const refused: { email: Sendable; result: Exclude<SendEmailResult, { ok: true }> }[] = [];
  // A connection of its own, connected and idle, so each hand-over record can leave the moment it is asked for.
  const wire = await sql.reserve();
  try {
    await wire`select 1`;
    for (const email of ready) {
      const { result, handedOver } = await handOver(wire, email, senders.get(email.workspaceId)!, now, transport);
      if (result.ok) {
        sent.push({ id: email.id, at: now, note: null });
        continue;
      }
      // The server answered the dot with a refusal: nothing was delivered, so the hand-over is void, at once
      // (were the sender stopped later in the batch, a standing hand-over would be settled as sent).
      if (handedOver) await wire`update reminder_emails set handed_over_at = null where id = ${email.id}`;
      refused.push({ email, result });
    }
  } finally {
    wire.release();
  }
  await markSent(sent);
  for (const { id } of sent) outcomes.set(id, "sent");
  if (refused.length === 0) return outcomes;

  const bounced = refused.filter((each) => each.result.kind === "permanent");
  if (bounced.length > 0) {
    // A 5xx: the address is bad. The contact needs attention until the address changes in Xero.
    await markNotSent(bounced.map((each) => each.email.id), "failed", new Map(bounced.map((each) => [each.email.id, `Bounced: ${each.result.message}`])));
    await sql`
      update contacts set email_bouncing_since = ${now.toISOString()}::timestamptz
      where id in (select jsonb_array_elements_text(${JSON.stringify(bounced.map((each) => each.email.contactId))}::jsonb)::uuid) and email_bouncing_since is null`;
    for (const { email } of bounced) outcomes.set(email.id, "bounced");
  }
  const deferred = refused.filter((each) => each.result.kind === "temporary");
  if (deferred.length === 0) return outcomes;
  await sql`
    update reminder_emails e set last_error = f.reason from jsonb_to_recordset(${JSON.stringify(deferred.map((each) => ({ id: each.email.id, reason: each.result.message })))}::jsonb) as f(id uuid, reason text)
    where e.id = f.id and e.status = 'queued'`;
  throw new TemporarySendFailure(
    `Sending ${deferred.length} of ${ready.length} reminder emails failed for now: ${deferred.map((each) => `${each.email.id}: ${each.result.message}`).join("; ")}`,
  );
}

/** One email's send (a batch of one). */
export async function sendReminderEmail(emailId: string, now: Date, transport?: EmailTransport): Promise<SendOutcome> {
  return (await sendReminderEmails([emailId], now, transport)).get(emailId)!;
}
