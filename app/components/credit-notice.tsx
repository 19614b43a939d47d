// A customer's unallocated credit in Xero, and whether it holds their reminders:
// the same words on the invoice page and the contact page.
import { Link } from "@remix-run/react";
import type { CreditNotice as Notice } from "~/models/credit-notes.server";

export function CreditNotice({ contactName, notice, slug }: { contactName: string; notice: Notice; slug: string }) {
  return (
    <div role="note" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950" data-testid="credit-notice">
      <p className="font-medium">
        {contactName} has {notice.amounts.join(" and ")} of unallocated credit in Xero.
      </p>
      {notice.held ? (
        <p className="mt-1" data-testid="credit-hold">
          Reminders to {contactName} are held while this credit remains, as set in{" "}
          <Link to={`/w/${slug}/settings/reminders`} className="underline underline-offset-2">
            Settings → Reminders
          </Link>
          . Allocate the credit to an invoice in Xero (or refund it) and reminders resume after the next sync.
        </p>
      ) : (
        <p className="mt-1">
          Reminders still go out. To hold a customer's reminders while they have credit, see{" "}
          <Link to={`/w/${slug}/settings/reminders`} className="underline underline-offset-2">
            Settings → Reminders
          </Link>
          .
        </p>
      )}
    </div>
  );
}
