-- Trigram indexes below need pg_trgm (a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "contacts_workspace_name_keyset_idx" ON "contacts" USING btree ("workspace_id","name","id");--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_email_trgm_idx" ON "contacts" USING gin ("email_address" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "invoices_workspace_due_keyset_idx" ON "invoices" USING btree ("workspace_id",coalesce("due_date", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "invoices_workspace_amount_keyset_idx" ON "invoices" USING btree ("workspace_id","amount_due","id");--> statement-breakpoint
CREATE INDEX "invoices_open_idx" ON "invoices" USING btree ("workspace_id","due_date","currency_code","amount_due","contact_id") WHERE "invoices"."status" = 'AUTHORISED' and "invoices"."amount_due" > 0;--> statement-breakpoint
CREATE INDEX "invoices_number_trgm_idx" ON "invoices" USING gin ("invoice_number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "invoices_reference_trgm_idx" ON "invoices" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "reminder_emails_workspace_logged_idx" ON "reminder_emails" USING btree ("workspace_id",coalesce("sent_at", "updated_at"),"id");--> statement-breakpoint
CREATE INDEX "reminder_emails_workspace_sent_idx" ON "reminder_emails" USING btree ("workspace_id","sent_at") WHERE "reminder_emails"."status" = 'sent';