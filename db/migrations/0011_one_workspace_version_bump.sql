-- One function moves every per-workspace change counter (0006's invoice_versions, 0010's
-- reminder_input_versions): the counter table is the trigger's argument. The rule is the one 0006
-- explains — once per workspace per transaction, deferred to commit so the counter's row is locked
-- only while the transaction commits and writers can never deadlock over it.
CREATE FUNCTION "workspace_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counter text := TG_ARGV[0];
  workspace uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."workspace_id" ELSE NEW."workspace_id" END;
  bumped text := 'solido.' || counter || '_bumped_' || replace(workspace::text, '-', '');
BEGIN
  IF current_setting(bumped, true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(bumped, txid_current()::text, true);
  IF TG_OP = 'DELETE' THEN
    -- Only an existing counter: a deleted workspace's cascade must not re-create one.
    EXECUTE format('UPDATE %I SET "version" = "version" + 1 WHERE "workspace_id" = $1', counter) USING workspace;
  ELSE
    EXECUTE format('INSERT INTO %I ("workspace_id", "version") VALUES ($1, 1)
      ON CONFLICT ("workspace_id") DO UPDATE SET "version" = %I."version" + 1', counter, counter) USING workspace;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER "invoices_bump_version" ON "invoices";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "invoices_bump_version" AFTER INSERT OR UPDATE OR DELETE ON "invoices"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('invoice_versions');--> statement-breakpoint
DROP TRIGGER "contacts_bump_reminder_input_version" ON "contacts";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "contacts_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "contacts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');--> statement-breakpoint
DROP TRIGGER "reminder_steps_bump_reminder_input_version" ON "reminder_steps";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_steps_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_steps"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');--> statement-breakpoint
DROP TRIGGER "reminder_minimum_amounts_bump_reminder_input_version" ON "reminder_minimum_amounts";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "reminder_minimum_amounts_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "reminder_minimum_amounts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');--> statement-breakpoint
DROP FUNCTION "invoice_versions_bump"();--> statement-breakpoint
DROP FUNCTION "reminder_input_versions_bump"();
