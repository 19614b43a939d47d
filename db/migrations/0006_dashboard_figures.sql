CREATE TABLE "invoice_versions" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_versions" ADD CONSTRAINT "invoice_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_attention_idx" ON "contacts" USING btree ("workspace_id") WHERE coalesce("contacts"."email_address", '') = '' or "contacts"."email_bouncing_since" is not null or "contacts"."reminders_paused_until" is not null;--> statement-breakpoint
CREATE INDEX "invoices_paused_idx" ON "invoices" USING btree ("workspace_id") WHERE "invoices"."reminders_paused_until" is not null;--> statement-breakpoint
CREATE INDEX "invoices_paid_settled_idx" ON "invoices" USING btree ("workspace_id","settled_seen_at") WHERE "invoices"."status" = 'PAID';--> statement-breakpoint
-- Every statement that changes a workspace's invoices moves its counter, in the same transaction, so
-- figures cached against the counter (app/models/receivables-summary.server.ts) are recomputed after
-- any change, whoever made it (sync, webhooks, pauses, a script). Statement-level: one bump per
-- statement, not per row, so a 1,000-row sync batch costs one row update.
CREATE FUNCTION "invoice_versions_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Only existing counters: a deleted workspace's cascade must not re-create one.
    UPDATE "invoice_versions" v SET "version" = v."version" + 1
    WHERE v."workspace_id" IN (SELECT DISTINCT "workspace_id" FROM "changed_invoices");
  ELSE
    INSERT INTO "invoice_versions" ("workspace_id", "version")
    SELECT DISTINCT "workspace_id", 1 FROM "changed_invoices"
    ON CONFLICT ("workspace_id") DO UPDATE SET "version" = "invoice_versions"."version" + 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "invoices_inserted_bump_version" AFTER INSERT ON "invoices"
  REFERENCING NEW TABLE AS "changed_invoices" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_versions_bump"();--> statement-breakpoint
CREATE TRIGGER "invoices_updated_bump_version" AFTER UPDATE ON "invoices"
  REFERENCING NEW TABLE AS "changed_invoices" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_versions_bump"();--> statement-breakpoint
CREATE TRIGGER "invoices_deleted_bump_version" AFTER DELETE ON "invoices"
  REFERENCING OLD TABLE AS "changed_invoices" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_versions_bump"();
