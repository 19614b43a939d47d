// reminders_plan (crontab, every 5 minutes): frees reminder jobs of crashed
// workers, then plans every due reminder of every live workspace in one
// set-based pass and queues a prepare job per workspace with emails waiting;
// then decides the statements of the workspaces whose statement day it is.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { planReminders } from "~/reminders/planner.server";
import { planStatements } from "~/statements/planner.server";
import { REMINDER_TASKS, type Clock } from "./reminder-clock";
import { unlockJobsOfDeadWorkers } from "./worker-liveness";

export const remindersPlan =
  (clock: Clock): Task =>
  async (payload, helpers) => {
    // Queued for one workspace (its first sync, a settings change): plan just that one.
    const { workspaceId } = z.object({ workspaceId: z.uuid().optional() }).parse(payload ?? {});
    if (workspaceId) {
      const planned = await planReminders(clock(), undefined, { workspaceId });
      if (planned.reminders > 0) helpers.logger.info(`planned ${planned.reminders} reminders in ${planned.emails} emails for workspace ${workspaceId}`);
      const statements = await planStatements(clock(), undefined, { workspaceId });
      if (statements.statements > 0) helpers.logger.info(`planned ${statements.statements} statements for workspace ${workspaceId}`);
      return;
    }
    const dead = await unlockJobsOfDeadWorkers(REMINDER_TASKS);
    if (dead.length > 0) helpers.logger.warn(`unlocked reminder jobs of crashed workers: ${dead.join(", ")}`);
    const planned = await planReminders(clock());
    if (planned.reminders > 0) helpers.logger.info(`planned ${planned.reminders} reminders in ${planned.emails} emails`);
    const statements = await planStatements(clock());
    if (statements.statements > 0) helpers.logger.info(`planned ${statements.statements} statements in ${statements.workspaces} workspaces`);
  };
