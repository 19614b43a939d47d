// Adds graphile-worker jobs with SQL, inside whatever transaction the caller
// is in: a job for a state change commits with it or not at all.
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";

/** Every task and the payload it takes: ids only, the task re-reads fresh rows. */
export interface TaskPayloads {
  /** Copy a workspace's contacts and invoices from Xero (first or incremental), recording the given run. */
  workspace_sync: { workspaceId: string; syncRunId: string };
  /** Re-read from Xero what the workspace's pending webhook events name, and these invoices (Solido ids). */
  invoice_refresh: { workspaceId: string; invoiceIds?: string[] };
  /** Crontab fan-out: queue due workspace syncs, free jobs of crashed workers. */
  workspace_syncs_schedule: Record<string, never>;
  /** Crontab: plan every due reminder of every live workspace in its send window; or of one workspace, after a change. */
  reminders_plan: { workspaceId?: string };
  /** Check a workspace's waiting reminder emails with Xero, then render and queue them. */
  reminder_emails_prepare: { workspaceId: string };
  /** Hand a batch of prepared reminder emails to SMTP. */
  reminder_email_send: { emailIds: string[] };
  /** Crontab: queue again, or record failed, prepared reminder emails whose send job is gone. */
  reminder_emails_sweep: Record<string, never>;
  /** Note sent reminder emails in their invoices' history in Xero. */
  reminder_history_note: { emailIds: string[] };
  /** Note a customer's promise to pay in the invoice's history in Xero. */
  payment_promise_note: { promiseId: string };
  /** Email the business about a customer's query, and note it in the invoice's history in Xero. */
  invoice_query_report: { queryId: string };
}

export type TaskName = keyof TaskPayloads & string;

export type EnqueueOptions = {
  /** Jobs in one queue run one at a time, in order (e.g. one queue per Xero tenant). */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** At most one pending job per key; `preserve_run_at` keeps a de-duplicated job's original time. */
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  priority?: number;
};

export async function enqueue<Name extends TaskName>(
  executor: Executor,
  task: Name,
  payload: TaskPayloads[Name],
  options: EnqueueOptions = {},
) {
  await executor.execute(sql`
    select graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::smallint,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::smallint,
      job_key_mode => ${options.jobKeyMode ?? "replace"}::text
    )`);
}
