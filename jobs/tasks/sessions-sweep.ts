// sessions_sweep (crontab, hourly): deletes expired session rows
// (app/models/sessions.server.ts). Safe to run twice: a second run finds none.
import type { Task } from "graphile-worker";
import { deleteExpiredSessions } from "~/models/sessions.server";

export const sessionsSweep: Task = async (_payload, helpers) => {
  const deleted = await deleteExpiredSessions();
  if (deleted > 0) helpers.logger.info(`sessions_sweep: ${deleted} expired sessions deleted`);
};
