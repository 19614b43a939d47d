// The customer page's parts (app/routes/pay.$token.tsx): the business's frame,
// one card per open invoice with its two forms, and the page for a link that
// no longer opens anything. Each card submits through its own fetcher, so a
// customer can answer about one invoice without losing what they typed in another.
import { Link, useFetcher } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import type { Branding } from "~emails/theme";
import type { CustomerPage } from "~/models/customer-page.server";
import { QUERY_MESSAGE_LIMIT, type CustomerAction } from "~/models/customer-answers";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";

export function CustomerPageFrame({ branding, children }: { branding: Branding; children: ReactNode }) {
  return (
    <div className="flex min-h-full flex-col items-center bg-slate-50 px-4 py-10">
      <header className="mb-6 w-full max-w-2xl border-t-4 pt-4" style={{ borderTopColor: branding.accentColour }}>
        {branding.logoUrl ? (
          <img src={branding.logoUrl} alt={branding.businessName} className="h-12 w-auto max-w-full object-contain" />
        ) : (
          <p className="break-words text-xl font-bold text-slate-900">{branding.businessName}</p>
        )}
      </header>
      <main className="w-full max-w-2xl">{children}</main>
      <footer className="mt-10 w-full max-w-2xl text-center text-sm text-slate-600">
        <p>
          Solido sends payment reminders on behalf of {branding.businessName}.{" "}
          {branding.replyToEmail ? (
            <>
              Questions? Write to{" "}
              <a className="break-all font-medium text-slate-800 underline" href={`mailto:${branding.replyToEmail}`}>
                {branding.replyToEmail}
              </a>
              .
            </>
          ) : (
            "Questions? Reply to the reminder email."
          )}
        </p>
        <p className="mt-2 space-x-4">
          <Link to="/privacy" className="underline">
            Privacy
          </Link>
          <Link to="/terms" className="underline">
            Terms
          </Link>
        </p>
      </footer>
    </div>
  );
}

export function LinkProblem({ problem, business }: { problem: "expired" | "unknown"; business: string | null }) {
  return (
    <div className="flex min-h-full flex-col items-center bg-slate-50 px-4 py-16">
      <main className="w-full max-w-md">
        <Card className="p-6 sm:p-8">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{problem === "expired" ? "This link has expired" : "This link doesn't open anything"}</h1>
          <p className="mt-4 text-slate-700">
            {problem === "expired"
              ? `Links in payment reminders work for a while after the email is sent. The next reminder from ${business ?? "the business"} will carry a new one, or reply to their last email and ask for it.`
              : "The address may have been cut short or changed on its way. Open the link again from the reminder email, or copy the whole address into your browser."}
          </p>
        </Card>
      </main>
    </div>
  );
}

type Invoice = CustomerPage["invoices"][number];

export function CustomerInvoiceCard(props: { invoice: Invoice; businessName: string; accentColour: string; earliest: string; latest: string }) {
  const { invoice, businessName } = props;
  const promise = useFetcher<CustomerAction>();
  const query = useFetcher<CustomerAction>();
  const ids = useId();
  const promised = promise.data?.ok === false ? promise.data : null;
  const queried = query.data?.ok === false ? query.data : null;
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 className="break-words text-lg font-semibold text-slate-900">
          Invoice {invoice.number}
          {invoice.reference ? <span className="font-normal text-slate-600"> · {invoice.reference}</span> : null}
        </h2>
        <p className="text-lg font-semibold text-slate-900">{invoice.amountDue}</p>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {invoice.dueDate ? `Due ${invoice.dueDate}` : "No due date"}
        {invoice.timing ? (
          <>
            {" "}
            <Badge tone={invoice.overdue ? "danger" : "info"}>{invoice.timing}</Badge>
          </>
        ) : null}
      </p>
      {invoice.payUrl ? (
        <a
          href={invoice.payUrl}
          rel="noreferrer noopener"
          target="_blank"
          className="mt-4 inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-semibold text-white shadow-sm"
          style={{ backgroundColor: "#0f172a" }}
        >
          View and pay invoice<span className="sr-only"> {invoice.number} (opens Xero's page in a new tab)</span>
        </a>
      ) : null}

      {invoice.queriedOn ? (
        <p className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
          You asked about this invoice on {invoice.queriedOn}. {businessName} has been told and will be in touch; there will be no reminders about it meanwhile.
        </p>
      ) : null}
      {invoice.promisedFor ? (
        <p className="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900" role="status">
          Thank you — you said you'll pay by {invoice.promisedFor}. No reminders about this invoice until then.
        </p>
      ) : null}

      {invoice.queriedOn ? null : (
        <div className="mt-5 grid gap-4 sm:grid-cols-2">
          <promise.Form method="post" className="space-y-2" aria-labelledby={`${ids}-promise`}>
            <input type="hidden" name="intent" value="promise" />
            <input type="hidden" name="invoiceId" value={invoice.id} />
            <h3 id={`${ids}-promise`} className="text-sm font-semibold text-slate-900">
              {invoice.promisedFor ? "Paying on another day?" : "Paying on a particular day?"}
            </h3>
            <label htmlFor={`${ids}-day`} className="block text-sm text-slate-700">
              I'll pay by
            </label>
            <input
              id={`${ids}-day`}
              type="date"
              name="promisedFor"
              required
              min={props.earliest}
              max={props.latest}
              defaultValue={promised?.value}
              aria-invalid={promised ? true : undefined}
              aria-describedby={promised ? `${ids}-day-error` : undefined}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            {promised ? (
              <p id={`${ids}-day-error`} className="text-sm text-red-700">
                {promised.error}
              </p>
            ) : null}
            <Button type="submit" variant="secondary" disabled={promise.state !== "idle"}>
              {promise.state !== "idle" ? "Saving…" : "Tell " + businessName}
            </Button>
          </promise.Form>

          <query.Form method="post" className="space-y-2" aria-labelledby={`${ids}-query`}>
            <input type="hidden" name="intent" value="query" />
            <input type="hidden" name="invoiceId" value={invoice.id} />
            <h3 id={`${ids}-query`} className="text-sm font-semibold text-slate-900">
              Something wrong with this invoice?
            </h3>
            <label htmlFor={`${ids}-message`} className="block text-sm text-slate-700">
              What should {businessName} know?
            </label>
            <textarea
              id={`${ids}-message`}
              name="message"
              required
              rows={3}
              maxLength={QUERY_MESSAGE_LIMIT}
              defaultValue={queried?.value}
              aria-invalid={queried ? true : undefined}
              aria-describedby={queried ? `${ids}-message-error` : undefined}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            {queried ? (
              <p id={`${ids}-message-error`} className="text-sm text-red-700">
                {queried.error}
              </p>
            ) : null}
            <Button type="submit" variant="secondary" disabled={query.state !== "idle"}>
              {query.state !== "idle" ? "Sending…" : "Query this invoice"}
            </Button>
          </query.Form>
        </div>
      )}
    </Card>
  );
}
