// Whether reminder emails are going out, read from the emails themselves (no
// state of its own to fall out of step): held because the mail server refused
// Solido's SMTP login (EAUTH), delayed by a mail server that keeps answering
// "try later", or refused by the mail server as Solido's sender (a relay or
// policy refusal). Told twice: to the business on its dashboard, in its words
// and about its own emails; to whoever runs Solido on /healthz, as counts over
// every workspace (the log has the server's words; /healthz is public).
import { sql } from "~/server/db.server";
import { HELD_FOR_CREDENTIALS, REFUSED_BY_MAIL_SERVER } from "./send.server";

/** A first "try later" is routine (greylisting); an email still waiting after this long is worth saying. */
export const DELAYED_AFTER_MINUTES = 15;
/** Emails the mail server refused from Solido are shown this long after. */
export const REFUSED_SHOWN_FOR_DAYS = 7;

export type SendingAlerts = {
  /** Queued emails held because the mail server refused Solido's login. */
  heldForLogin: number;
  /** Queued emails the mail server has put off for over DELAYED_AFTER_MINUTES. */
  delayed: number;
  /** Emails the mail server refused from Solido (not the address) over the last REFUSED_SHOWN_FOR_DAYS days: not sent. */
  refused: number;
};

const counts = (workspaceId: string | null) => sql<SendingAlerts[]>`
  select
    count(*) filter (where status = 'queued' and last_error = ${HELD_FOR_CREDENTIALS})::int as "heldForLogin",
    count(*) filter (where status = 'queued' and last_error is not null and last_error <> ${HELD_FOR_CREDENTIALS}
                       and prepared_at < now() - make_interval(mins => ${DELAYED_AFTER_MINUTES}))::int as "delayed",
    count(*) filter (where status = 'failed' and starts_with(last_error, ${REFUSED_BY_MAIL_SERVER})
                       and updated_at > now() - make_interval(days => ${REFUSED_SHOWN_FOR_DAYS}))::int as "refused"
  from reminder_emails
  where (status = 'queued' or (status = 'failed' and updated_at > now() - make_interval(days => ${REFUSED_SHOWN_FOR_DAYS})))
    and (${workspaceId}::uuid is null or workspace_id = ${workspaceId}::uuid)`;

/** One workspace's sending trouble, for its dashboard. */
export async function sendingAlerts(workspaceId: string): Promise<SendingAlerts> {
  const [row] = await counts(workspaceId);
  return row;
}

export type SendingHealth = {
  /** "held": the mail server refuses Solido's login, nothing goes out; "delayed": it keeps putting emails off. */
  status: "ok" | "held" | "delayed";
  heldEmails: number;
  delayedEmails: number;
  refusedEmailsLast7Days: number;
};

/** Every workspace's, for /healthz. */
export async function sendingHealth(): Promise<SendingHealth> {
  const [row] = await counts(null);
  return {
    status: row.heldForLogin > 0 ? "held" : row.delayed > 0 ? "delayed" : "ok",
    heldEmails: row.heldForLogin,
    delayedEmails: row.delayed,
    refusedEmailsLast7Days: row.refused,
  };
}
