// The terms of using Solido, in plain words: what Solido does, what the
// business using it is responsible for, and what Solido cannot promise.
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CenteredPage } from "~/components/centered-page";
import { env } from "~/server/env.server";
import { PolicySection } from "./privacy";

export const meta: MetaFunction = () => [{ title: "Terms · Solido" }];

export function loader() {
  return { supportEmail: env().SUPPORT_EMAIL };
}

export default function Terms() {
  const { supportEmail } = useLoaderData<typeof loader>();
  return (
    <CenteredPage title="Terms of use" prose>
      <p>By connecting a Xero organisation to Solido you agree to the following.</p>
      <PolicySection title="What Solido does">
        <p>
          Solido copies your unpaid invoices and customers from Xero and emails your customers reminders in your business's name, on the schedule you
          set. Before each email it checks Xero again, and it stops reminding about an invoice once Xero says it is paid.
        </p>
      </PolicySection>
      <PolicySection title="What you are responsible for">
        <ul className="list-disc space-y-1 pl-5">
          <li>You may connect only organisations you are allowed to act for.</li>
          <li>The reminders go out in your name: their wording, and the amounts and dates in Xero they quote, are yours to check.</li>
          <li>Use Solido only to remind customers about money they owe you — not for marketing or anything unlawful.</li>
          <li>Invite only people you trust: a workspace's owners and admins can change what its reminders say and when they go.</li>
        </ul>
      </PolicySection>
      <PolicySection title="What Solido cannot promise">
        <p>
          Solido relies on Xero and on email. If Xero is unavailable or an email provider refuses a message, a reminder may go late or not at all; the
          Reminders page shows what happened to each one. Solido is provided as it is, and its makers are not liable for payments your customers make
          late or not at all.
        </p>
      </PolicySection>
      <PolicySection title="Stopping">
        <p>
          You can pause reminders or disconnect Xero at any time. Solido may suspend a workspace that sends abusive email. Questions about these terms:{" "}
          {supportEmail}.
        </p>
      </PolicySection>
    </CenteredPage>
  );
}
