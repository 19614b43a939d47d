// "Needs attention": what an admin should look at, each linked to where to fix it.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { plural } from "~/display/format";
import type { DashboardData } from "./dashboard";
import { Section } from "./section";

export function NeedsAttentionList({ data }: { data: DashboardData }) {
  const { attention, slug } = data;
  const items: { key: string; tone: "danger" | "warning" | "info"; text: ReactNode; to: string }[] = [];
  if (attention.connection) {
    items.push({
      key: "connection",
      tone: "danger",
      text: attention.connection === "needs_reconnect" ? "Xero needs reconnecting: Solido can't see new payments." : "Xero is disconnected.",
      to: `/w/${slug}/settings/integrations`,
    });
  }
  // Sending trouble is Solido's to fix (its mail server), told in the business's words: what it means for
  // their reminders, that nothing is lost, and that there is nothing for them to do. The operator's side is
  // on /healthz and in the log (app/reminders/sending-state.server.ts).
  const { sending } = attention;
  if (sending.heldForLogin > 0) {
    items.push({
      key: "sending-held",
      tone: "danger",
      text: (
        <>
          Reminder emails are not going out: Solido’s mail server refused Solido’s login.
          <span className="block text-slate-600">
            Nothing is lost: {plural(sending.heldForLogin, "email")} will go as soon as Solido fixes it. There is nothing you need to do.
          </span>
        </>
      ),
      to: `/w/${slug}/reminders`,
    });
  }
  if (sending.delayed > 0) {
    items.push({
      key: "sending-delayed",
      tone: "warning",
      text: (
        <>
          {plural(sending.delayed, "reminder email")} delayed: the mail server keeps asking Solido to try later.
          <span className="block text-slate-600">Solido keeps trying. There is nothing you need to do.</span>
        </>
      ),
      to: `/w/${slug}/reminders`,
    });
  }
  if (sending.refused > 0) {
    items.push({
      key: "sending-refused",
      tone: "danger",
      text: (
        <>
          {plural(sending.refused, "reminder email")} not sent this week: Solido’s mail server refused {sending.refused === 1 ? "it" : "them"}.
          <span className="block text-slate-600">Your customers’ addresses are fine; this is on Solido’s side.</span>
        </>
      ),
      to: `/w/${slug}/reminders?status=failed`,
    });
  }
  if (attention.failedSync) items.push({ key: "sync", tone: "danger", text: attention.failedSync, to: `/w/${slug}/settings/integrations` });
  for (const query of attention.queries) {
    items.push({
      key: `query-${query.invoiceId}`,
      tone: "danger",
      text: (
        <>
          {query.contactName} queried invoice {query.invoiceNumber}
          <span className="block text-slate-600">No reminders for it until you resolve the query.</span>
        </>
      ),
      to: `/w/${slug}/invoices/${query.invoiceId}`,
    });
  }
  const contactItem = (key: string, tone: "danger" | "warning", count: number, words: string, state: string, examples: { name: string }[]) => {
    if (count === 0) return;
    const names = examples.map((example) => example.name).join(", ");
    items.push({
      key,
      tone,
      text: (
        <>
          {plural(count, "customer")} {words}
          {names ? <span className="block text-slate-600">{names}{count > examples.length ? "…" : ""}</span> : null}
        </>
      ),
      to: `/w/${slug}/contacts?state=${state}`,
    });
  };
  contactItem("no-email", "warning", attention.noEmail.count, "owing money with no email address in Xero", "no_email", attention.noEmail.examples);
  contactItem("bouncing", "danger", attention.bouncing.count, "whose email address bounces", "bouncing", attention.bouncing.examples);
  contactItem("paused-contacts", "warning", attention.pausedContacts, "with reminders paused", "paused", []);
  if (attention.pausedInvoices) {
    items.push({
      key: "paused-invoices",
      tone: "warning",
      text: `${plural(attention.pausedInvoices, "invoice")} with reminders paused`,
      to: `/w/${slug}/invoices?paused=1`,
    });
  }
  for (const promise of attention.promises) {
    items.push({
      key: `promise-${promise.invoiceId}`,
      tone: "info",
      text: (
        <>
          {promise.contactName} promised to pay invoice {promise.invoiceNumber} by {promise.by}
          <span className="block text-slate-600">Reminders wait until then.</span>
        </>
      ),
      to: `/w/${slug}/invoices/${promise.invoiceId}`,
    });
  }
  return (
    <Section title="Needs attention">
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing needs you right now.</p>
      ) : (
        <ul className="space-y-3 text-sm" data-testid="needs-attention">
          {items.map((item) => (
            <li key={item.key}>
              <Link to={item.to} className="flex gap-3 rounded-md p-1 hover:bg-slate-50">
                <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${item.tone === "danger" ? "bg-red-600" : item.tone === "warning" ? "bg-amber-500" : "bg-sky-600"}`} />
                <span className="text-slate-900">{item.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
