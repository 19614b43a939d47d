// What Solido keeps about a business and its customers, in plain words: what
// it reads from Xero, what it stores, who sees it, and how to have it deleted.
// Every statement here describes what the code does; change both together.
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { CenteredPage } from "~/components/centered-page";
import { env } from "~/server/env.server";

export const meta: MetaFunction = () => [{ title: "Privacy · Solido" }];

export function loader() {
  return { supportEmail: env().SUPPORT_EMAIL };
}

export function PolicySection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2 text-sm">
      <h2 className="pt-2 text-lg font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

export default function Privacy() {
  const { supportEmail } = useLoaderData<typeof loader>();
  const write = (
    <a href={`mailto:${supportEmail}`} className="font-semibold text-teal-800 underline hover:text-teal-900">
      {supportEmail}
    </a>
  );
  return (
    <CenteredPage title="Privacy" prose>
      <p>Solido reminds your customers about unpaid invoices. To do that it keeps some of your Xero data. This page says which, and what happens to it.</p>
      <PolicySection title="What Solido reads from Xero">
        <p>
          Only from the organisation you choose, and only with the access you grant at Xero: your invoices (numbers, references, amounts, dates,
          status), your customers' contact details (names and email addresses), and the organisation's name, currency and time zone. Solido does not
          read bank accounts, payroll or your other Xero organisations.
        </p>
        <p>It writes one thing back: a history note on an invoice when it sends a reminder about it, so your team can see it in Xero.</p>
      </PolicySection>
      <PolicySection title="What Solido keeps">
        <ul className="list-disc space-y-1 pl-5">
          <li>About you: your name and email address from your Xero login, and the workspaces you belong to.</li>
          <li>Copies of the invoices and contacts above, kept up to date with Xero.</li>
          <li>Every reminder sent: to whom, when, and whether it was delivered.</li>
          <li>A log of changes made in your workspace (settings, team, connecting Xero), with who made them.</li>
          <li>Xero's access tokens, encrypted; they are only used to talk to Xero for your workspace.</li>
        </ul>
      </PolicySection>
      <PolicySection title="Cookies">
        <p>One cookie keeps you signed in, and short-lived ones protect the trip to Xero and back. There are no advertising or tracking cookies.</p>
      </PolicySection>
      <PolicySection title="Who sees it">
        <p>
          The members of your workspace, and the people who run Solido when they need to keep it working or answer your questions. Your data is not
          sold or shared for marketing. Reminder emails pass through Solido's email provider on their way to your customers.
        </p>
      </PolicySection>
      <PolicySection title="Deleting it">
        <p>
          Disconnecting Xero (Settings → Integrations) stops Solido reading from Xero and sending reminders at once; your data stays so you can carry
          on later. To have a workspace and everything in it deleted, or to ask what Solido holds about you or your customers, write to {write}.
        </p>
      </PolicySection>
    </CenteredPage>
  );
}
