// Settings → Reminders, "Customers with credit": hold a customer's reminders
// while Xero shows them unallocated credit (docs/decisions/0004-hold-reminders-while-credit.md).
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import type { ReminderSettings } from "./settings";

export function CreditHoldCard({ settings, busy }: { settings: ReminderSettings; busy: boolean }) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900" id="credit-hold-heading">
        Customers with credit
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A customer can have credit on their account in Xero that nobody has allocated to an invoice yet (a credit note with credit
        remaining, or an overpayment or prepayment not yet used). Their invoice and contact pages show it either way.
      </p>
      <Form method="post" className="mt-4 space-y-3" aria-labelledby="credit-hold-heading">
        <input type="hidden" name="intent" value="credit-hold" />
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" name="hold" className="mt-0.5" defaultChecked={settings.holdRemindersWhileCredit} disabled={!settings.canChange} />
          <span>
            <span className="font-medium">Hold a customer's reminders while they have unallocated credit in Xero</span>
            <span className="block text-slate-600">
              They resume by themselves once the credit is allocated or refunded in Xero (seen at the next sync); each invoice then gets
              only its latest step due, never a burst.
            </span>
          </span>
        </label>
        <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
          Save
        </Button>
      </Form>
    </Card>
  );
}
