-- A reminder is the decision (invoice, step): that pair, unique already, becomes its primary key, and the
-- random surrogate id goes, with the index its values cost (one random page per reminder written).
-- The id goes first: its primary key holds the name the new one takes.
ALTER TABLE "reminders" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "reminders" DROP CONSTRAINT "reminders_invoice_step_key";--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_pkey" PRIMARY KEY("invoice_id","step_id");
