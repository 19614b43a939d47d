ALTER TABLE "reminder_emails" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD COLUMN "claimed_until" timestamp with time zone;