-- One composite key each instead of two single ones: a reminder's (workspace, step) must be a step of that
-- workspace, an email's (workspace, contact) a contact of that workspace. Each checks what the two did (and
-- more), once per row the planner writes. The steps' unique key comes first: the new key needs it.
ALTER TABLE "reminder_steps" ADD CONSTRAINT "reminder_steps_workspace_id_key" UNIQUE("workspace_id","id");--> statement-breakpoint
ALTER TABLE "reminder_emails" DROP CONSTRAINT "reminder_emails_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "reminder_emails" DROP CONSTRAINT "reminder_emails_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_step_id_reminder_steps_id_fk";
--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_step_fk" FOREIGN KEY ("workspace_id","step_id") REFERENCES "public"."reminder_steps"("workspace_id","id") ON DELETE cascade ON UPDATE no action;
