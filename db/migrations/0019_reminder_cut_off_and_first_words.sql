ALTER TABLE "reminder_steps" ADD COLUMN "first_subject" text;--> statement-breakpoint
ALTER TABLE "reminder_steps" ADD COLUMN "first_body" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "chase_within_days" integer DEFAULT 90;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_chase_within_days_is_days" CHECK ("workspaces"."chase_within_days" between 1 and 3650);--> statement-breakpoint
-- Schedules still in the default words get the honest ones (app/reminders/schedule.ts): the on-the-day step
-- says how due the invoice is when it goes rather than "due today", and the 14- and 30-day steps gain
-- first-contact words. Steps a business has reworded are left as they wrote them.
UPDATE "reminder_steps" SET
  "subject" = 'Invoice {{invoice_number}} is {{due_status}}',
  "body" = E'Hi {{contact_name}},\n\nJust a note that invoice {{invoice_number}} for {{amount_due}} is {{due_status}}.\n\nYou can view and pay it online using the link below.\n\nThank you,\n{{business_name}}'
WHERE "offset_days" = 0 AND "subject" = 'Invoice {{invoice_number}} is due today'
  AND "body" = E'Hi {{contact_name}},\n\nJust a reminder that invoice {{invoice_number}} for {{amount_due}} is due today.\n\nYou can view and pay it online using the link below.\n\nThank you,\n{{business_name}}';--> statement-breakpoint
UPDATE "reminder_steps" SET
  "first_subject" = 'Invoice {{invoice_number}} is {{days_overdue}} days overdue',
  "first_body" = E'Hi {{contact_name}},\n\nOur records show that invoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is now {{days_overdue}} days overdue.\n\nPlease arrange payment as soon as possible, or reply to let us know when we can expect it.\n\nKind regards,\n{{business_name}}'
WHERE "first_subject" IS NULL AND "first_body" IS NULL
  AND "subject" = 'Second reminder: invoice {{invoice_number}} is {{days_overdue}} days overdue'
  AND "body" = E'Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}} is now {{days_overdue}} days overdue.\n\nPlease arrange payment as soon as possible, or reply to let us know when we can expect it.\n\nKind regards,\n{{business_name}}';--> statement-breakpoint
UPDATE "reminder_steps" SET
  "first_subject" = 'Payment needed: invoice {{invoice_number}} is {{days_overdue}} days overdue',
  "first_body" = E'Dear {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is now {{days_overdue}} days overdue, and we have not received payment.\n\nPlease pay it within the next 7 days. If there is a problem with the invoice, reply to this email so we can resolve it.\n\n{{business_name}}'
WHERE "first_subject" IS NULL AND "first_body" IS NULL
  AND "subject" = 'Final reminder: invoice {{invoice_number}} is {{days_overdue}} days overdue'
  AND "body" = E'Dear {{contact_name}},\n\nDespite our earlier reminders, invoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, remains unpaid.\n\nPlease pay it within the next 7 days. If there is a problem with the invoice, reply to this email so we can resolve it.\n\n{{business_name}}';
