ALTER TABLE "xero_connections" ADD COLUMN "xero_user_id" text;--> statement-breakpoint
-- Connections made before this column: the user who connected them consented.
UPDATE "xero_connections" c SET "xero_user_id" = u."xero_user_id" FROM "users" u WHERE u."id" = c."connected_by_user_id" AND c."xero_user_id" IS NULL;
