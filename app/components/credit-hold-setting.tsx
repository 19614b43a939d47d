// Settings → Reminders: whether a customer's reminders wait while Xero shows
// them unallocated credit (docs/decisions/0002-hold-reminders-while-credit.md).
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "./button";
import { Card } from "./card";

export const CREDIT_HOLD_INTENT = "credit-hold";

export function CreditHoldSetting({ hold, disabled }: { hold: boolean; disabled: boolean }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === CREDIT_HOLD_INTENT;
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900" id="credit-hold-heading">
        Customers with credit
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A customer can have credit on their account in Xero that nobody has allocated to an invoice yet (a credit note with credit
        remaining). Solido shows it on their invoices and contact page either way.
      </p>
      <Form method="post" className="mt-4 space-y-3" aria-labelledby="credit-hold-heading">
        <input type="hidden" name="intent" value={CREDIT_HOLD_INTENT} />
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" name="hold" className="mt-0.5" defaultChecked={hold} disabled={disabled} data-testid="credit-hold-checkbox" />
          <span>
            <span className="font-medium">Hold a customer's reminders while they have unallocated credit in Xero</span>
            <span className="block text-slate-600">
              They resume by themselves once the credit is allocated or refunded in Xero (seen at the next sync), sending each invoice only
              its latest step due.
            </span>
          </span>
        </label>
        <Button type="submit" variant="secondary" disabled={disabled || saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
      </Form>
    </Card>
  );
}
