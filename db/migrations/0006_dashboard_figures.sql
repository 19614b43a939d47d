CREATE TABLE "invoice_versions" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_versions" ADD CONSTRAINT "invoice_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_attention_idx" ON "contacts" USING btree ("workspace_id") WHERE coalesce("contacts"."email_address", '') = '' or "contacts"."email_bouncing_since" is not null or "contacts"."reminders_paused_until" is not null;--> statement-breakpoint
CREATE INDEX "invoices_paused_idx" ON "invoices" USING btree ("workspace_id") WHERE "invoices"."reminders_paused_until" is not null;--> statement-breakpoint
CREATE INDEX "invoices_paid_settled_idx" ON "invoices" USING btree ("workspace_id","settled_seen_at") WHERE "invoices"."status" = 'PAID';--> statement-breakpoint
-- Every transaction that changes a workspace's invoices moves its counter, in that transaction, so
-- figures cached against the counter (app/models/receivables-summary.server.ts) are recomputed after
-- any change, whoever made it (sync, webhooks, pauses, a script). Deferred to commit, and once per
-- workspace per transaction: the counter's row is locked only while the transaction commits, after
-- every other lock it takes, so writers queue on it briefly but can never deadlock over it.
CREATE FUNCTION "invoice_versions_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  workspace uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."workspace_id" ELSE NEW."workspace_id" END;
  bumped text := 'solido.invoice_version_bumped_' || replace(workspace::text, '-', '');
BEGIN
  IF current_setting(bumped, true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(bumped, txid_current()::text, true);
  IF TG_OP = 'DELETE' THEN
    -- Only an existing counter: a deleted workspace's cascade must not re-create one.
    UPDATE "invoice_versions" SET "version" = "version" + 1 WHERE "workspace_id" = workspace;
  ELSE
    INSERT INTO "invoice_versions" ("workspace_id", "version") VALUES (workspace, 1)
    ON CONFLICT ("workspace_id") DO UPDATE SET "version" = "invoice_versions"."version" + 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "invoices_bump_version" AFTER INSERT OR UPDATE OR DELETE ON "invoices"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "invoice_versions_bump"();
