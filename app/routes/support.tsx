// "Contact Solido support": the address customers write to (SUPPORT_EMAIL),
// what to put in the email, and the fixes for what people most often write
// about. Linked from the landing page, every error page, the workspace's
// sidebar and Settings → Integrations when a sync or connection fails.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/http/auth.server";
import { buttonClassName } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { env } from "~/server/env.server";
import { safeRedirect } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Contact support · Solido" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const from = safeRedirect(new URL(request.url).searchParams.get("from"), "");
  const user = await getOptionalUser(request);
  const supportEmail = env().SUPPORT_EMAIL;
  const body = [
    "Hello Solido support,",
    "",
    "What I was trying to do:",
    "",
    "What happened instead:",
    "",
    "--",
    from ? `Page: ${from.slice(0, 300)}` : null,
    user ? `Signed in as: ${user.email}` : null,
    `Time: ${new Date().toISOString()}`,
  ].filter((line) => line !== null);
  const mailto = `mailto:${supportEmail}?${new URLSearchParams({ subject: "Help with Solido", body: body.join("\n") }).toString().replaceAll("+", "%20")}`;
  return { supportEmail, mailto, from: from || null };
}

const LINK = "font-semibold text-teal-800 underline hover:text-teal-900";

export default function Support() {
  const { supportEmail, mailto, from } = useLoaderData<typeof loader>();
  return (
    <CenteredPage title="Contact Solido support" prose>
      <p>
        Write to{" "}
        <a href={mailto} className={LINK} data-testid="support-email">
          {supportEmail}
        </a>
        . A person reads every email. Tell us what you were trying to do, what happened instead, and your workspace's name — the button below
        starts an email with the page you came from and the time already filled in.
      </p>
      <a href={mailto} className={buttonClassName()}>
        Email support
      </a>
      {from ? (
        <p className="text-sm text-slate-600">
          You came here from <code className="break-all rounded bg-slate-100 px-1">{from}</code>.{" "}
          <Link to={from} className={LINK}>
            Go back
          </Link>
        </p>
      ) : null}

      <h2 className="pt-2 text-lg font-semibold text-slate-900">Before you write</h2>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-semibold text-slate-900">Xero “needs reconnecting” or a sync failed</dt>
          <dd>
            Open Settings → Integrations and press Reconnect Xero. Nothing is lost while Solido is disconnected; reminders wait until Xero is back. If
            Xero itself is having trouble, its status page says so:{" "}
            <a href="https://status.developer.xero.com" className={LINK} rel="noreferrer" target="_blank">
              status.developer.xero.com
            </a>
            .
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">Invoices look out of date</dt>
          <dd>Solido copies changes from Xero every few minutes. Settings → Integrations → Sync now fetches them straight away.</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">Someone in your business already uses Solido</dt>
          <dd>
            Each Xero organisation has one Solido workspace. Sign up with Xero and choose that organisation: Solido tells you who looks after it and lets
            you ask them for access in one click.
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">A customer didn't get a reminder</dt>
          <dd>The Reminders page shows every email Solido sent or held back, and why. Emails go to the addresses on the contact in Xero.</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-900">Where customers' replies go</dt>
          <dd>
            Straight to you: every email says Reply-To the address under Settings → Reminders → Branding, "Replies go to" (or, if that is empty, the
            address of whoever connected Xero). Solido never receives or reads replies. For replies to reach several people, use a shared inbox there,
            or a forwarding rule in your email service (Gmail: Settings → Forwarding; Outlook: Rules → Forward to). Under "Attachments and copies" you
            can also have a blind copy of every email sent to you. A customer who promises a date or queries an invoice from the link in their email
            shows on your dashboard under "Needs attention", and a query is emailed to you as well.
          </dd>
        </div>
      </dl>
    </CenteredPage>
  );
}
