CREATE TABLE "brand_logos" (
	"workspace_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"byte_size" integer NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_logos_workspace_id_sha256_pk" PRIMARY KEY("workspace_id","sha256"),
	CONSTRAINT "brand_logos_sha256_is_hex" CHECK ("brand_logos"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "brand_logos_raster_image" CHECK ("brand_logos"."content_type" in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
	CONSTRAINT "brand_logos_size_is_bytes" CHECK ("brand_logos"."byte_size" = octet_length("brand_logos"."bytes") and "brand_logos"."byte_size" <= 524288)
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "logo_sha256" text;--> statement-breakpoint
ALTER TABLE "brand_logos" ADD CONSTRAINT "brand_logos_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_logos" ADD CONSTRAINT "brand_logos_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_logo_is_theirs" FOREIGN KEY ("id","logo_sha256") REFERENCES "public"."brand_logos"("workspace_id","sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_one_logo" CHECK ("workspaces"."logo_url" is null or "workspaces"."logo_sha256" is null);