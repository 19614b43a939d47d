-- A transaction may move the reminder counters itself, once per workspace it writes, instead of 0012's
-- per-row triggers doing it at commit: the planner's first pass over many workspaces writes a million
-- reminders and emails, and queueing and then running a deferred trigger call for each cost 1.2-1.4 s
-- of its commit per part. Such a transaction says so with `solido.bumps_reminder_versions` set, for
-- itself only, to its own transaction id (app/reminders/planner.server.ts); then its rows queue no
-- trigger call. Every other writer (a send, a bounce, send-now, a script, a transaction that set the
-- setting to anything else) is unchanged: its first row per workspace moves the counter as it commits.
DROP TRIGGER "reminders_bump_reminder_version" ON "reminders";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminders_bump_reminder_version" AFTER INSERT OR UPDATE OR DELETE ON "reminders"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('solido.bumps_reminder_versions', true) IS DISTINCT FROM txid_current()::text)
  EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');--> statement-breakpoint
DROP TRIGGER "reminder_emails_bump_reminder_version" ON "reminder_emails";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_emails_bump_reminder_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_emails"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('solido.bumps_reminder_versions', true) IS DISTINCT FROM txid_current()::text)
  EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');
