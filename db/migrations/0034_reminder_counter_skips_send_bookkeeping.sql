-- The reminder counter (0012) moved for every row a transaction changed in reminder_emails, the send
-- job's own bookkeeping included: the claim (claimed_by, claimed_until, attempts) and each email's
-- hand-over record (handed_over_at), a transaction of its own committed before the message's final
-- dot. So every hand-over also updated its workspace's one counter row, and held that row's lock
-- through its durable commit: the senders of a workspace queued behind each other's commits (79 s of
-- lock waits in a 34 s bench:reminders run) and the row gathered thousands of dead versions. None of
-- those columns is read by what the counter keys (the dashboard's kept reminder figures) or by the
-- planner: an update now moves it only when another column changes. The content (subject, html, text)
-- is written only together with prepared_at (prepare.server.ts, reopenForCheck), which is compared
-- instead, so a claim never compares two emails' bodies.
DROP TRIGGER "reminder_emails_bump_reminder_version" ON "reminder_emails";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_emails_bump_reminder_version" AFTER INSERT OR DELETE ON "reminder_emails"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('solido.bumps_reminder_versions', true) IS DISTINCT FROM txid_current()::text)
  EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_emails_bump_reminder_version_on_update" AFTER UPDATE ON "reminder_emails"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('solido.bumps_reminder_versions', true) IS DISTINCT FROM txid_current()::text
    AND (OLD."workspace_id", OLD."contact_id", OLD."kind", OLD."send_date", OLD."statement_period", OLD."message_id", OLD."status",
         OLD."to_address", OLD."cc_addresses", OLD."sent_at", OLD."last_error", OLD."closed_at", OLD."prepared_at")
      IS DISTINCT FROM
        (NEW."workspace_id", NEW."contact_id", NEW."kind", NEW."send_date", NEW."statement_period", NEW."message_id", NEW."status",
         NEW."to_address", NEW."cc_addresses", NEW."sent_at", NEW."last_error", NEW."closed_at", NEW."prepared_at"))
  EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');
