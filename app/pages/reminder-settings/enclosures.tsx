// Settings → Reminders, "Attachments and copies".
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

export function EnclosuresCard({
  settings,
  errors,
  values,
  busy,
}: {
  settings: ReminderSettings;
  errors: (intent: string) => FieldErrors | undefined;
  values: (intent: string) => Record<string, string> | null;
  busy: boolean;
}) {
  const fieldErrors = errors("enclosures");
  // After an error, what was typed and ticked.
  const typed = values("enclosures");
  const attach = typed ? typed.attachInvoicePdfs === "on" : settings.enclosures.attachInvoicePdfs;
  const blindCopyError = fieldErrors?.blindCopyEmail;
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900" id="enclosures-heading">
        Attachments and copies
      </h2>
      <Form method="post" className="mt-4 space-y-4" aria-labelledby="enclosures-heading">
        <input type="hidden" name="intent" value="enclosures" />
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" name="attachInvoicePdfs" className="mt-0.5" defaultChecked={attach} disabled={!settings.canChange} />
          <span>
            <span className="font-medium">Attach each invoice as a PDF, as Xero shows it</span>
            <span className="block text-slate-600">
              Fetched from Xero when the reminder is checked, so it shows what is owed at that moment. An email about many invoices carries the
              PDFs of the ten due first; every invoice keeps its "View and pay" link.
            </span>
          </span>
        </label>
        <label className={labelClass}>
          Send a blind copy of every email to customers to
          <input
            name="blindCopyEmail"
            type="email"
            maxLength={254}
            className={inputClass}
            defaultValue={typed ? typed.blindCopyEmail : settings.enclosures.blindCopyEmail}
            placeholder="owner@yourbusiness.com"
            aria-invalid={blindCopyError ? true : undefined}
            aria-describedby={blindCopyError ? "blindCopyEmail-help blindCopyEmail-error" : "blindCopyEmail-help"}
            disabled={!settings.canChange}
          />
          <span id="blindCopyEmail-help" className="mt-1 block text-xs font-normal text-slate-600">
            Optional. Your customers do not see this address. Leave it empty for no copies.
          </span>
          <FieldError errors={fieldErrors} name="blindCopyEmail" id="blindCopyEmail-error" />
        </label>
        <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
          Save
        </Button>
      </Form>
    </Card>
  );
}
