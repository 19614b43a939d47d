// The worker's task list: one file per task, named entity_verb.
import type { TaskList } from "graphile-worker";
import { invoiceRefresh } from "./invoice-refresh";
import { workspaceSync } from "./workspace-sync";
import { workspaceSyncsSchedule } from "./workspace-syncs-schedule";

export const taskList: TaskList = {
  workspace_sync: workspaceSync,
  invoice_refresh: invoiceRefresh,
  workspace_syncs_schedule: workspaceSyncsSchedule,
};
