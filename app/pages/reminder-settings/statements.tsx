// Settings → Reminders, "Statements": a statement to every customer with
// anything open on a day of each month (off by default), when the next ones
// go (a day that is not a sending day moves to the next that is), a preview
// of the statement as one real customer would get it, and a test email.
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { composeStatement } from "~/statements/compose";
import { describeStatementDate, LAST_DAY_OF_MONTH, statementDayInWords } from "~/statements/schedule";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

const DAYS = [...Array.from({ length: 28 }, (_, index) => index + 1), LAST_DAY_OF_MONTH];

function StatementPreview({ settings }: { settings: ReminderSettings }) {
  const { statements, today, branding, locale } = settings;
  const preview = statements.preview;
  const rendered = useMemo(() => {
    const composed = composeStatement({
      branding: { businessName: branding.senderName || branding.businessName, logoUrl: branding.logoShown, accentColour: branding.brandColour, replyToEmail: branding.replyToEmail || null },
      locale,
      contactName: preview.contactName,
      today,
      customerPageUrl: preview.customerPageUrl,
      invoices: preview.invoices,
    });
    return { subject: composed.subject, body: "<!DOCTYPE html>" + renderToStaticMarkup(composed.element) };
  }, [preview, today, branding, locale]);
  return (
    <div className="rounded-md border border-slate-200" data-testid="statement-preview">
      <p className="break-words border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
        <span className="font-medium">Subject:</span> {rendered.subject}
        <span className="ml-2 text-slate-500">{preview.sample ? "(sample invoices)" : `(${preview.contactName}'s statement, as it would read today)`}</span>
      </p>
      <iframe title="Preview of the statement email" srcDoc={rendered.body} sandbox="" className="h-[32rem] w-full bg-white" />
    </div>
  );
}

export function StatementsCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  const { statements, locale } = settings;
  const day = statements.monthlyStatementDay;
  return (
    <Card className="p-6" data-testid="statements-card">
      <h2 className="text-lg font-semibold text-slate-900" id="statements-heading">
        Statements
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A statement lists every invoice a customer has open, with what is due on each, its due date and how many days overdue, and the
        total per currency. It goes only to customers with something open, branded like your reminders, within your sending hours — and,
        like reminders, only once they are turned on. You can also send one from a customer's page.
      </p>
      <Form method="post" className="mt-4 flex flex-wrap items-end gap-3" aria-labelledby="statements-heading">
        <input type="hidden" name="intent" value="statements" />
        <label className={labelClass}>
          Monthly statements
          <select name="monthlyStatementDay" className={inputClass} defaultValue={day ?? ""} disabled={!settings.canChange}>
            <option value="">Off</option>
            {DAYS.map((each) => (
              <option key={each} value={each}>
                {each === LAST_DAY_OF_MONTH ? "On the last day of the month" : `On ${statementDayInWords(each)} of the month`}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
          Save statements
        </Button>
      </Form>
      <FieldError errors={errors("statements")} name="monthlyStatementDay" />
      <p className="mt-3 text-sm text-slate-700" data-testid="next-statements">
        {statements.next
          ? `Next statements: ${describeStatementDate(statements.next, locale)}, in your organisation's time zone (${settings.timeZone}).`
          : "Monthly statements are off."}
      </p>
      <div className="mt-4">
        <StatementPreview settings={settings} />
      </div>
      {settings.canChange ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="statement-test" />
          <Button type="submit" variant="secondary" disabled={busy}>
            Send me a test statement
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
