CREATE TABLE "invoice_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"message" text NOT NULL,
	"paused_until_before" timestamp with time zone,
	"paused_reason_before" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_user_id" uuid,
	"business_told_at" timestamp with time zone,
	"history_noted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_promises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"promised_for" date NOT NULL,
	"history_noted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_queries" ADD CONSTRAINT "invoice_queries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_queries" ADD CONSTRAINT "invoice_queries_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_queries" ADD CONSTRAINT "invoice_queries_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_promises" ADD CONSTRAINT "payment_promises_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_promises" ADD CONSTRAINT "payment_promises_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_queries_invoice_idx" ON "invoice_queries" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_queries_open_idx" ON "invoice_queries" USING btree ("workspace_id") WHERE "invoice_queries"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "payment_promises_invoice_idx" ON "payment_promises" USING btree ("invoice_id","created_at");