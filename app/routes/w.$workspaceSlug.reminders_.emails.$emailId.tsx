// One reminder email exactly as it went: its envelope, its HTML (framed from
// a route whose policy runs no script and submits no form) and its plain text.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { PageHeader } from "~/components/page-header";
import { formatMoment, localeFor } from "~/display/format";
import { isUuid } from "~/models/invoice-detail.server";
import { getSentEmail } from "~/lists/reminder-log.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.email.subject ?? "Reminder email"} · Reminders · Solido` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const email = isUuid(params.emailId) ? await getSentEmail(workspace.id, params.emailId) : undefined;
  if (!email) throw new Response("Not found", { status: 404 });
  return {
    slug: workspace.slug,
    email: { ...email, sentAt: email.sentAt ? formatMoment(email.sentAt, localeFor(workspace.countryCode), workspace.timeZone) : null },
  };
}

export default function ReminderEmail() {
  const { slug, email } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to={`/w/${slug}/reminders`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          ← Reminders
        </Link>
      </nav>
      <PageHeader title={email.subject ?? "Reminder email"} />
      <Card className="mb-6 p-5">
        <dl className="grid gap-3 text-sm sm:grid-cols-[8rem_1fr] [overflow-wrap:anywhere] [&>dd]:min-w-0">
          <dt className="text-slate-600">To</dt>
          <dd className="text-slate-900">
            <Link to={`/w/${slug}/contacts/${email.contactId}`} className="font-medium underline decoration-slate-400 underline-offset-2 hover:decoration-current">{email.contactName}</Link>
            {email.toAddress ? ` <${email.toAddress}>` : ""}
          </dd>
          {email.ccAddresses.length ? (
            <>
              <dt className="text-slate-600">Copied</dt>
              <dd className="text-slate-900">{email.ccAddresses.join(", ")}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">Sent</dt>
          <dd className="text-slate-900">
            {email.status === "sent" ? email.sentAt : <Badge tone="danger">Not delivered{email.lastError ? `: ${email.lastError}` : ""}</Badge>}
          </dd>
        </dl>
      </Card>
      {email.html ? (
        <Card className="mb-6 overflow-hidden">
          {/* A document of its own (…/html) whose policy runs no script: safe without a sandbox, and readable by assistive tools. */}
          <iframe title="The email as the customer saw it" src={`/w/${slug}/reminders/emails/${email.id}/html`} className="h-[36rem] w-full bg-white" data-testid="email-html" />
        </Card>
      ) : null}
      {email.text ? (
        <details className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <summary className="cursor-pointer text-sm font-medium text-slate-900">Plain-text version</summary>
          <pre className="mt-3 whitespace-pre-wrap text-sm text-slate-800">{email.text}</pre>
        </details>
      ) : null}
    </>
  );
}
