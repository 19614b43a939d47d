CREATE TYPE "public"."customer_credit_kind" AS ENUM('credit_note', 'overpayment', 'prepayment');--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "kind" "customer_credit_kind" DEFAULT 'credit_note' NOT NULL;--> statement-breakpoint
ALTER TABLE "xero_connections" ADD COLUMN "overpayments_synced_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "xero_connections" ADD COLUMN "prepayments_synced_through" timestamp with time zone;