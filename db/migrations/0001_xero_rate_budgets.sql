CREATE TABLE "xero_call_leases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xero_rate_budgets" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"recent_call_starts" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	"blocked_until" timestamp with time zone,
	"blocked_by" text,
	"minute_remaining" integer,
	"day_remaining" integer,
	"app_minute_remaining" integer,
	"remaining_seen_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "xero_call_leases_tenant_idx" ON "xero_call_leases" USING btree ("tenant_id","expires_at");