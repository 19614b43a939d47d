// Emails no job will ever send: prepared and queued, but their send job is
// gone (its retries ran out in an SMTP outage longer than its backoff, or it
// was held for credentials the mail server refused). Left alone they would stay
// `queued` for good, and send-now would refuse their invoices as "on its way".
// The reminder_emails_sweep crontab job finds them, re-checks them, and
// either queues them again or records them failed with a reason people see.
import { sql } from "~/server/db.server";
import { defaultEmailTransport, type EmailTransport } from "~/server/email.server";
import { env } from "~/server/env.server";
import { EMAILS_PER_SEND_JOB } from "./prepare.server";
import { HELD_FOR_CREDENTIALS, markNotSent } from "./send.server";

/** A reminder is about a day: an email that could not go out for this long is recorded failed, not sent late. */
export const GIVE_UP_AFTER_HOURS = 24;

export type SweepOutcome = { requeued: number; failed: number; held: number };

/** Prepared, queued emails with no send job left to send them, and no live claim. */
async function strandedEmails() {
  return sql<{ id: string; lastError: string | null; old: boolean }[]>`
    select e.id, e.last_error as "lastError", e.created_at < now() - make_interval(hours => ${GIVE_UP_AFTER_HOURS}) as old
    from reminder_emails e
    -- (an email's first send job commits with its preparation, and every later one before its last job ends)
    where e.status = 'queued' and e.prepared_at is not null
      and (e.claimed_until is null or e.claimed_until < now())
      and not exists (
        -- (graphile-worker's public jobs view leaves the payload out)
        select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'reminder_email_send' and j.attempts < j.max_attempts and (j.payload::jsonb -> 'emailIds') ? e.id::text
      )
    order by e.created_at
    limit 5000`;
}

/** Queues send jobs for these emails again (a send job re-checks each: a stale payment check goes back to Xero first). */
async function requeue(emailIds: string[]) {
  const batches: string[][] = [];
  for (let index = 0; index < emailIds.length; index += EMAILS_PER_SEND_JOB) batches.push(emailIds.slice(index, index + EMAILS_PER_SEND_JOB));
  if (batches.length === 0) return;
  await sql`
    select graphile_worker.add_job(
      identifier => 'reminder_email_send',
      payload => json_build_object('emailIds', b.ids),
      job_key => 'reminder_email_send:swept:' || (b.ids ->> 0),
      max_attempts => ${env().REMINDER_SEND_MAX_ATTEMPTS}::int
    )
    from jsonb_array_elements(${JSON.stringify(batches)}::jsonb) as b(ids)`;
}

/** Whether the mail server takes Solido's credentials now (one connection, no message). */
async function credentialsWork(transport: EmailTransport): Promise<boolean> {
  try {
    await transport.verify();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EAUTH") return false;
    // Down or slow is not a verdict on the credentials: the send job finds out, and retries.
    return true;
  }
}

export async function sweepStrandedEmails(transport: EmailTransport = defaultEmailTransport()): Promise<SweepOutcome> {
  const stranded = await strandedEmails();
  const outcome: SweepOutcome = { requeued: 0, failed: 0, held: 0 };
  if (stranded.length === 0) return outcome;

  const tooOld = stranded.filter((email) => email.old);
  await markNotSent(
    tooOld.map((email) => email.id),
    "failed",
    new Map(tooOld.map((email) => [email.id, `Not sent: the mail server could not take it for over ${GIVE_UP_AFTER_HOURS} hours${email.lastError ? ` (last answer: ${email.lastError})` : ""}`])),
  );
  outcome.failed = tooOld.length;

  const fresh = stranded.filter((email) => !email.old);
  const held = fresh.filter((email) => email.lastError === HELD_FOR_CREDENTIALS);
  let again = fresh.filter((email) => email.lastError !== HELD_FOR_CREDENTIALS);
  if (held.length > 0) {
    if (await credentialsWork(transport)) again = fresh;
    else {
      console.error(`[email] ALERT: the mail server still refuses Solido's SMTP credentials (EAUTH): fix SMTP_URL. ${held.length} reminder emails held.`);
      outcome.held = held.length;
    }
  }
  await requeue(again.map((email) => email.id));
  outcome.requeued = again.length;
  return outcome;
}
