CREATE TABLE "reminder_versions" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminder_versions" ADD CONSTRAINT "reminder_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every transaction that changes a workspace's reminders or reminder emails moves its counter as it
-- commits, whoever made the change (the planner, a send, a bounce, send-now, a script): 0011's one
-- function, so the same rule — once per workspace per transaction, deferred to commit.
CREATE CONSTRAINT TRIGGER "reminders_bump_reminder_version" AFTER INSERT OR UPDATE OR DELETE ON "reminders"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_emails_bump_reminder_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_emails"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_versions');
