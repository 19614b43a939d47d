-- Schedules per Xero contact group (issue 20 part 2; docs/decisions/0020-schedules-per-contact-group.md).
-- A workspace's steps and repeat settings move into its default schedule; group schedules join it later.
CREATE TABLE "reminder_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"xero_contact_group_id" text,
	"precedence" integer NOT NULL,
	"repeat_every_days" integer,
	"repeat_limit" integer DEFAULT 3 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_schedules_workspace_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "reminder_schedules_repeat_every_is_days" CHECK ("reminder_schedules"."repeat_every_days" between 1 and 90),
	CONSTRAINT "reminder_schedules_repeat_limit_is_capped" CHECK ("reminder_schedules"."repeat_limit" between 1 and 12)
);
--> statement-breakpoint
ALTER TABLE "reminder_schedules" ADD CONSTRAINT "reminder_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_schedules_one_default_key" ON "reminder_schedules" USING btree ("workspace_id") WHERE "reminder_schedules"."xero_contact_group_id" is null and "reminder_schedules"."retired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_schedules_one_per_group_key" ON "reminder_schedules" USING btree ("workspace_id","xero_contact_group_id") WHERE "reminder_schedules"."retired_at" is null;--> statement-breakpoint
-- The data move: a default schedule for every workspace that has had its schedule written (the others get
-- theirs, with the default steps, from the planner's ensureDefaultSchedules), with the workspace's repeat
-- settings; each of its steps, removed ones kept for their record included, joins it.
INSERT INTO "reminder_schedules" ("workspace_id", "name", "xero_contact_group_id", "precedence", "repeat_every_days", "repeat_limit")
SELECT w."id", 'Everyone else', NULL, 0, w."reminder_repeat_every_days", w."reminder_repeat_limit"
FROM "workspaces" w
WHERE w."reminder_schedule_created_at" IS NOT NULL OR EXISTS (SELECT 1 FROM "reminder_steps" s WHERE s."workspace_id" = w."id");--> statement-breakpoint
ALTER TABLE "reminder_steps" ADD COLUMN "schedule_id" uuid;--> statement-breakpoint
-- Moving steps into their schedule changes nothing the planner decides: no version bump, and no pending
-- trigger events to stop the ALTERs below (migrations run in one transaction).
ALTER TABLE "reminder_steps" DISABLE TRIGGER "reminder_steps_bump_reminder_input_version";--> statement-breakpoint
UPDATE "reminder_steps" s SET "schedule_id" = d."id"
FROM "reminder_schedules" d WHERE d."workspace_id" = s."workspace_id" AND d."xero_contact_group_id" IS NULL;--> statement-breakpoint
ALTER TABLE "reminder_steps" ENABLE TRIGGER "reminder_steps_bump_reminder_input_version";--> statement-breakpoint
ALTER TABLE "reminder_steps" ALTER COLUMN "schedule_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_steps" DROP CONSTRAINT "reminder_steps_workspace_offset_key";--> statement-breakpoint
ALTER TABLE "reminder_steps" ADD CONSTRAINT "reminder_steps_schedule_offset_key" UNIQUE("schedule_id","offset_days");--> statement-breakpoint
ALTER TABLE "reminder_steps" ADD CONSTRAINT "reminder_steps_schedule_fk" FOREIGN KEY ("workspace_id","schedule_id") REFERENCES "public"."reminder_schedules"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspaces" DROP CONSTRAINT "workspaces_reminder_repeat_every_is_days";--> statement-breakpoint
ALTER TABLE "workspaces" DROP CONSTRAINT "workspaces_reminder_repeat_limit_is_capped";--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "reminder_repeat_every_days";--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "reminder_repeat_limit";--> statement-breakpoint
-- A workspace "has had its schedule written" when it has a default schedule (one cannot be removed).
ALTER TABLE "workspaces" DROP COLUMN "reminder_schedule_created_at";--> statement-breakpoint
-- Which schedule applies to a contact depends on its groups and the schedules: a change to either moves the
-- planner's input version (0011's function), so the planner's mark (decision 0009) cannot hide a contact who
-- joined a group whose schedule has an earlier step, or a schedule added, reordered or changed.
CREATE CONSTRAINT TRIGGER "contact_group_members_bump_reminder_input_version" AFTER INSERT OR DELETE ON "contact_group_members"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_schedules_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_schedules"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');
