CREATE TABLE "reminder_input_versions" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_plan_marks" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"planned_on" date NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"invoice_version" bigint NOT NULL,
	"input_version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminder_input_versions" ADD CONSTRAINT "reminder_input_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_plan_marks" ADD CONSTRAINT "reminder_plan_marks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every transaction that changes a workspace's contacts, reminder steps or minimum amounts moves its
-- counter as it commits, whoever made the change (sync, settings, a bounce, a pause, a script) — the
-- same pattern, and the same reasons, as invoice_versions_bump (0006).
CREATE FUNCTION "reminder_input_versions_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  workspace uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."workspace_id" ELSE NEW."workspace_id" END;
  bumped text := 'solido.reminder_input_version_bumped_' || replace(workspace::text, '-', '');
BEGIN
  IF current_setting(bumped, true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(bumped, txid_current()::text, true);
  IF TG_OP = 'DELETE' THEN
    UPDATE "reminder_input_versions" SET "version" = "version" + 1 WHERE "workspace_id" = workspace;
  ELSE
    INSERT INTO "reminder_input_versions" ("workspace_id", "version") VALUES (workspace, 1)
    ON CONFLICT ("workspace_id") DO UPDATE SET "version" = "reminder_input_versions"."version" + 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "contacts_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "contacts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "reminder_input_versions_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_steps_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_steps"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "reminder_input_versions_bump"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_minimum_amounts_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_minimum_amounts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "reminder_input_versions_bump"();
