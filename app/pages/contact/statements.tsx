// The contact page's "Statements" card: the last statement the customer was
// sent, the next monthly one, and "Send statement now" behind a confirmation
// (or switched off with the reason beside it).
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";
import { ConfirmedSend } from "~/components/confirmed-send";
import type { loadContactStatements } from "./statements.server";

type Statements = Awaited<ReturnType<typeof loadContactStatements>>;

function SendStatementNow({ state, contactName, canChange }: { state: Statements["sendNow"]; contactName: string; canChange: boolean }) {
  if (!canChange) return null;
  return (
    <ConfirmedSend
      label="Send statement now"
      title="Send a statement now?"
      intent="send_statement"
      confirmLabel="Send statement"
      refusal={state.ok ? null : state.message}
      refusalTestId="statement-now-refusal"
    >
      {state.ok ? (
        <>
          <p>
            Solido checks {state.openInvoices === 1 ? "the open invoice" : `the ${state.openInvoices} open invoices`} of {contactName} with Xero, then emails
            a statement of what is still open to {state.to} straight away, outside your send window.
          </p>
          <p>The monthly statement still goes on its day.</p>
        </>
      ) : null}
    </ConfirmedSend>
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
