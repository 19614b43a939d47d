CREATE TYPE "public"."credit_note_status" AS ENUM('DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED');--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"xero_credit_note_id" text NOT NULL,
	"xero_contact_id" text NOT NULL,
	"credit_note_number" text,
	"status" "credit_note_status" NOT NULL,
	"currency_code" text NOT NULL,
	"total" numeric(18, 2) NOT NULL,
	"remaining_credit" numeric(18, 2) NOT NULL,
	"issue_date" date,
	"xero_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_workspace_xero_credit_note_key" UNIQUE("workspace_id","xero_credit_note_id")
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "hold_reminders_while_credit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "xero_connections" ADD COLUMN "credit_notes_synced_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_notes_unallocated_idx" ON "credit_notes" USING btree ("workspace_id","xero_contact_id") WHERE "credit_notes"."status" = 'AUTHORISED' and "credit_notes"."remaining_credit" > 0;
--> statement-breakpoint
-- A customer's credit can hold their reminders (workspaces.hold_reminders_while_credit): a transaction
-- that changes a workspace's credit notes moves its reminder inputs' counter as it commits, as contacts
-- do (0010, 0011), so the planner's mark no longer stands and the held or released reminders are decided.
CREATE CONSTRAINT TRIGGER "credit_notes_bump_reminder_input_version" AFTER INSERT OR UPDATE OR DELETE ON "credit_notes"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "workspace_version_bump"('reminder_input_versions');
