CREATE TYPE "public"."email_kind" AS ENUM('reminder', 'statement');--> statement-breakpoint
ALTER TABLE "reminder_emails" DROP CONSTRAINT "reminder_emails_contact_day_key";--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD COLUMN "kind" "email_kind" DEFAULT 'reminder' NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD COLUMN "statement_period" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "monthly_statement_day" integer;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_contact_kind_day_key" UNIQUE("contact_id","kind","send_date");--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_contact_statement_period_key" UNIQUE("contact_id","statement_period");--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_statement_period_is_a_month" CHECK ("reminder_emails"."statement_period" is null or ("reminder_emails"."kind" = 'statement' and "reminder_emails"."statement_period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'));--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_monthly_statement_day_is_a_day" CHECK ("workspaces"."monthly_statement_day" between 1 and 28 or "workspaces"."monthly_statement_day" = 31);