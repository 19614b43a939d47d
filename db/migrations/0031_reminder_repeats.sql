ALTER TABLE "reminders" ADD COLUMN "repeat_number" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "reminder_repeat_every_days" integer;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "reminder_repeat_limit" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_pkey";
--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_pkey" PRIMARY KEY("invoice_id","step_id","repeat_number");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_repeat_number_is_counted" CHECK ("reminders"."repeat_number" between 0 and 12);--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_reminder_repeat_every_is_days" CHECK ("workspaces"."reminder_repeat_every_days" between 1 and 90);--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_reminder_repeat_limit_is_capped" CHECK ("workspaces"."reminder_repeat_limit" between 1 and 12);