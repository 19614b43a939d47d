ALTER TABLE "reminder_emails" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD COLUMN "prepared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD COLUMN "handed_over_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reminders" ADD COLUMN "history_noted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "reminder_schedule_created_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "invoices_open_due_idx" ON "invoices" USING btree ("workspace_id","due_date") WHERE "invoices"."status" = 'AUTHORISED' and "invoices"."settled_seen_at" is null;--> statement-breakpoint
CREATE INDEX "reminder_emails_workspace_status_idx" ON "reminder_emails" USING btree ("workspace_id","status");