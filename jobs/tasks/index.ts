// The worker's task list: one file per task, named entity_verb.
import type { TaskList } from "graphile-worker";
import { invoiceQueryReport } from "./invoice-query-report";
import { invoiceRefresh } from "./invoice-refresh";
import { paymentPromiseNote } from "./payment-promise-note";
import { systemClock, type Clock } from "./reminder-clock";
import { reminderEmailSend } from "./reminder-email-send";
import { reminderEmailsPrepare } from "./reminder-emails-prepare";
import { reminderEmailsSweep } from "./reminder-emails-sweep";
import { reminderHistoryNote } from "./reminder-history-note";
import { remindersPlan } from "./reminders-plan";
import { sessionsSweep } from "./sessions-sweep";
import { workspaceSync } from "./workspace-sync";
import { workspaceSyncsSchedule } from "./workspace-syncs-schedule";

/** The reminder tasks on a given clock (tests pass their own day). */
export function reminderTasks(clock: Clock): TaskList {
  return {
    reminders_plan: remindersPlan(clock),
    reminder_emails_prepare: reminderEmailsPrepare(clock),
    reminder_email_send: reminderEmailSend(clock),
    reminder_history_note: reminderHistoryNote,
    reminder_emails_sweep: reminderEmailsSweep,
  };
}

export const taskList: TaskList = {
  workspace_sync: workspaceSync,
  invoice_refresh: invoiceRefresh,
  workspace_syncs_schedule: workspaceSyncsSchedule,
  sessions_sweep: sessionsSweep,
  payment_promise_note: paymentPromiseNote,
  invoice_query_report: invoiceQueryReport,
  ...reminderTasks(systemClock),
};
