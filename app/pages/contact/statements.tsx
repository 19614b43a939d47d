// The contact page's "Statements" card: the last statement the customer was
// sent, the next monthly one, and "Send statement now" behind a confirmation
// (or switched off with the reason beside it).
import { Link, useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import type { loadContactStatements } from "./statements.server";

type Statements = Awaited<ReturnType<typeof loadContactStatements>>;

function SendStatementNow({ state, contactName, canChange }: { state: Statements["sendNow"]; contactName: string; canChange: boolean }) {
  const fetcher = useFetcher();
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  const sending = fetcher.state !== "idle";
  if (!canChange) return null;
  if (!state.ok) {
    return (
      <div className="space-y-1">
        <Button variant="secondary" disabled aria-describedby={reasonId}>
          Send statement now
        </Button>
        <p id={reasonId} className="text-sm text-slate-600" data-testid="statement-now-refusal">
          {state.message}
        </p>
      </div>
    );
  }
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title="Send a statement now?"
      trigger={
        <Button variant="secondary" disabled={sending}>
          {sending ? "Sending…" : "Send statement now"}
        </Button>
      }
      confirm={
        <fetcher.Form method="post" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value="send_statement" />
          <Button type="submit">Send statement</Button>
        </fetcher.Form>
      }
    >
      <p>
        Solido checks {state.openInvoices === 1 ? "the open invoice" : `the ${state.openInvoices} open invoices`} of {contactName} with Xero, then emails
        a statement of what is still open to {state.to} straight away, outside your send window.
      </p>
      <p>The monthly statement still goes on its day.</p>
    </ConfirmDialog>
  );
}

export function ContactStatementsCard({ statements, slug, contactName, canChange }: { statements: Statements; slug: string; contactName: string; canChange: boolean }) {
  return (
    <Card className="h-fit space-y-3 p-5" data-testid="contact-statements">
      <h2 className="text-base font-semibold text-slate-900">Statements</h2>
      <dl className="space-y-2 text-sm [overflow-wrap:anywhere]">
        <div>
          <dt className="text-slate-600">Last sent</dt>
          <dd className="text-slate-900" data-testid="last-statement">
            {statements.lastSent ? (
              <Link to={`/w/${slug}/reminders/emails/${statements.lastSent.emailId}`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                {statements.lastSent.at} ({statements.lastSent.monthly ? "monthly" : "sent on demand"})
              </Link>
            ) : (
              "No statement sent yet."
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Next</dt>
          <dd className="text-slate-900" data-testid="next-statement">
            {!statements.monthlyOn ? (
              <>
                Monthly statements are off (
                <Link to={`/w/${slug}/settings/reminders`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
                  Settings → Reminders
                </Link>
                ).
              </>
            ) : statements.next ? (
              <>
                {statements.next}
                {statements.nextHeldBecause ? <span className="block text-amber-900">Held: {statements.nextHeldBecause}</span> : null}
              </>
            ) : (
              "None: nothing is open."
            )}
          </dd>
        </div>
      </dl>
      <SendStatementNow state={statements.sendNow} contactName={contactName} canChange={canChange} />
    </Card>
  );
}
