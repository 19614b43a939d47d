CREATE TYPE "public"."connection_status" AS ENUM('connected', 'needs_reconnect', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."consent_intent" AS ENUM('signup', 'connect', 'reconnect');--> statement-breakpoint
CREATE TYPE "public"."contact_status" AS ENUM('ACTIVE', 'ARCHIVED', 'GDPRREQUEST');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED');--> statement-breakpoint
CREATE TYPE "public"."reminder_email_status" AS ENUM('queued', 'sent', 'dropped', 'failed');--> statement-breakpoint
CREATE TYPE "public"."reminder_mode" AS ENUM('preview', 'live');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('planned', 'sent', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."reminder_tone" AS ENUM('friendly', 'neutral', 'firm');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('owner', 'admin', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."sync_kind" AS ENUM('first', 'incremental', 'refresh');--> statement-breakpoint
CREATE TYPE "public"."sync_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."sync_trigger" AS ENUM('connect', 'schedule', 'manual', 'webhook', 'reminder');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"xero_contact_id" text NOT NULL,
	"name" text NOT NULL,
	"email_address" text,
	"cc_email_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "contact_status" DEFAULT 'ACTIVE' NOT NULL,
	"is_customer" boolean DEFAULT false NOT NULL,
	"email_bouncing_since" timestamp with time zone,
	"reminders_paused_until" timestamp with time zone,
	"reminders_paused_reason" text,
	"xero_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_workspace_xero_contact_key" UNIQUE("workspace_id","xero_contact_id"),
	CONSTRAINT "contacts_workspace_id_key" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"xero_invoice_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"invoice_number" text,
	"reference" text,
	"status" "invoice_status" NOT NULL,
	"currency_code" text NOT NULL,
	"total" numeric(18, 2) NOT NULL,
	"amount_due" numeric(18, 2) NOT NULL,
	"amount_paid" numeric(18, 2) DEFAULT '0' NOT NULL,
	"amount_credited" numeric(18, 2) DEFAULT '0' NOT NULL,
	"issue_date" date,
	"due_date" date,
	"sent_to_contact" boolean DEFAULT false NOT NULL,
	"xero_updated_at" timestamp with time zone NOT NULL,
	"settled_seen_at" timestamp with time zone,
	"online_invoice_url" text,
	"reminders_paused_until" timestamp with time zone,
	"reminders_paused_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_workspace_xero_invoice_key" UNIQUE("workspace_id","xero_invoice_id"),
	CONSTRAINT "invoices_amount_due_not_negative" CHECK ("invoices"."amount_due" >= 0)
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pending_xero_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"intent" "consent_intent" NOT NULL,
	"workspace_id" uuid,
	"auth_event_id" text NOT NULL,
	"tenants" jsonb NOT NULL,
	"scopes" text[] NOT NULL,
	"access_token_sealed" text NOT NULL,
	"refresh_token_sealed" text NOT NULL,
	"access_token_expires_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"send_date" date NOT NULL,
	"message_id" text NOT NULL,
	"status" "reminder_email_status" DEFAULT 'queued' NOT NULL,
	"to_address" text,
	"cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text,
	"html" text,
	"text" text,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_emails_message_id_unique" UNIQUE("message_id"),
	CONSTRAINT "reminder_emails_contact_day_key" UNIQUE("contact_id","send_date")
);
--> statement-breakpoint
CREATE TABLE "reminder_minimum_amounts" (
	"workspace_id" uuid NOT NULL,
	"currency_code" text NOT NULL,
	"minimum_amount_due" numeric(18, 2) NOT NULL,
	CONSTRAINT "reminder_minimum_amounts_workspace_id_currency_code_pk" PRIMARY KEY("workspace_id","currency_code")
);
--> statement-breakpoint
CREATE TABLE "reminder_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"offset_days" integer NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"tone" "reminder_tone" DEFAULT 'neutral' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_steps_workspace_offset_key" UNIQUE("workspace_id","offset_days")
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"email_id" uuid,
	"status" "reminder_status" DEFAULT 'planned' NOT NULL,
	"amount_due" numeric(18, 2),
	"skipped_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_invoice_step_key" UNIQUE("invoice_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" "sync_kind" NOT NULL,
	"trigger" "sync_trigger" NOT NULL,
	"status" "sync_status" DEFAULT 'queued' NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"pages_done" integer DEFAULT 0 NOT NULL,
	"page_count" integer,
	"invoices_created" integer DEFAULT 0 NOT NULL,
	"invoices_updated" integer DEFAULT 0 NOT NULL,
	"invoices_unchanged" integer DEFAULT 0 NOT NULL,
	"contacts_created" integer DEFAULT 0 NOT NULL,
	"contacts_updated" integer DEFAULT 0 NOT NULL,
	"contacts_unchanged" integer DEFAULT 0 NOT NULL,
	"payments_detected" integer DEFAULT 0 NOT NULL,
	"xero_calls" integer DEFAULT 0 NOT NULL,
	"bytes_received" bigint DEFAULT 0 NOT NULL,
	"rate_limit_hits" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"xero_user_id" text NOT NULL,
	"email" text NOT NULL,
	"given_name" text,
	"family_name" text,
	"last_workspace_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_xero_user_id_unique" UNIQUE("xero_user_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_key" text NOT NULL,
	"tenant_id" text NOT NULL,
	"workspace_id" uuid,
	"event_category" text NOT NULL,
	"event_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"event_date_utc" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"ignored_reason" text,
	CONSTRAINT "webhook_events_event_key_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_beat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"xero_tenant_id" text,
	"base_currency" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"country_code" text,
	"brand_colour" text DEFAULT '#0f766e' NOT NULL,
	"logo_url" text,
	"sender_name" text,
	"reply_to_email" text,
	"reminder_mode" "reminder_mode" DEFAULT 'preview' NOT NULL,
	"reminders_live_since" timestamp with time zone,
	"send_window_start_hour" integer DEFAULT 9 NOT NULL,
	"send_window_end_hour" integer DEFAULT 17 NOT NULL,
	"send_weekdays" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL,
	"reminders_paused_until" timestamp with time zone,
	"reminders_paused_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug"),
	CONSTRAINT "workspaces_xero_tenant_id_unique" UNIQUE("xero_tenant_id"),
	CONSTRAINT "workspaces_brand_colour_is_hex" CHECK ("workspaces"."brand_colour" ~ '^#[0-9a-fA-F]{6}$'),
	CONSTRAINT "workspaces_send_window_is_a_window" CHECK ("workspaces"."send_window_start_hour" >= 0 and "workspaces"."send_window_end_hour" <= 24 and "workspaces"."send_window_start_hour" < "workspaces"."send_window_end_hour")
);
--> statement-breakpoint
CREATE TABLE "xero_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"xero_connection_id" text NOT NULL,
	"auth_event_id" text,
	"connected_by_user_id" uuid,
	"status" "connection_status" DEFAULT 'connected' NOT NULL,
	"scopes" text[] NOT NULL,
	"access_token_sealed" text,
	"refresh_token_sealed" text,
	"access_token_expires_at" timestamp with time zone,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"needs_reconnect_since" timestamp with time zone,
	"invoices_synced_through" timestamp with time zone,
	"contacts_synced_through" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"last_sync_status" text,
	"last_sync_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "xero_connections_workspace_id_unique" UNIQUE("workspace_id")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_xero_consents" ADD CONSTRAINT "pending_xero_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_xero_consents" ADD CONSTRAINT "pending_xero_consents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_minimum_amounts" ADD CONSTRAINT "reminder_minimum_amounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_steps" ADD CONSTRAINT "reminder_steps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_step_id_reminder_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."reminder_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_email_id_reminder_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."reminder_emails"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xero_connections" ADD CONSTRAINT "xero_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xero_connections" ADD CONSTRAINT "xero_connections_connected_by_user_id_users_id_fk" FOREIGN KEY ("connected_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_workspace_created_idx" ON "audit_log" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "invoices_contact_idx" ON "invoices" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "invoices_workspace_due_idx" ON "invoices" USING btree ("workspace_id","due_date");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "reminders_email_idx" ON "reminders" USING btree ("email_id");--> statement-breakpoint
CREATE INDEX "sync_runs_workspace_queued_idx" ON "sync_runs" USING btree ("workspace_id","queued_at");--> statement-breakpoint
CREATE INDEX "webhook_events_workspace_idx" ON "webhook_events" USING btree ("workspace_id","received_at");