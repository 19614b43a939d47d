import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/http/auth.server";
import { LinkButton } from "~/components/button";
import { SiteFooter } from "~/components/site-footer";
import { BellIcon, CheckIcon, ClockIcon, InvoiceIcon } from "~/components/icons";
import { XeroLinkButton } from "~/components/xero-button";
import { listMemberWorkspaces } from "~/models/workspaces.server";
import { unfinishedConsentOf } from "~/xero/consent.server";

export const meta: MetaFunction = () => [
  { title: "Solido — get paid on time" },
  {
    name: "description",
    content: "Solido sends your customers polite, branded reminders for unpaid Xero invoices — and stops the moment they pay.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (!user) return { workspacePath: null, signedIn: false, resuming: false };
  const [workspaces, unfinished] = await Promise.all([listMemberWorkspaces(user.id), unfinishedConsentOf(user.id)]);
  const home = workspaces.find((workspace) => workspace.id === user.lastWorkspaceId) ?? workspaces[0];
  // Left the organisation chooser half-way: the choice Xero gave is kept (15 minutes), and the way back is offered first.
  if (unfinished) return { workspacePath: `/auth/xero/choose?consent=${unfinished.id}`, signedIn: true, resuming: true };
  return { workspacePath: home ? `/w/${home.slug}` : "/workspaces/new", signedIn: true, resuming: false };
}

const BENEFITS = [
  {
    icon: InvoiceIcon,
    title: "Always up to date with Xero",
    text: "Solido copies your unpaid invoices and customers from Xero, and notices payments within minutes.",
  },
  {
    icon: BellIcon,
    title: "Reminders that sound like you",
    text: "Friendly before the due date, firmer after. Your logo, your colours, your words — sent from your name.",
  },
  {
    icon: CheckIcon,
    title: "Never chases a paid invoice",
    text: "Before every email Solido checks Xero again, so a customer who has just paid hears nothing more.",
  },
];

export default function Landing() {
  const { signedIn, workspacePath, resuming } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full bg-white">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <Link to="/" className="flex items-center gap-2 rounded text-lg font-semibold tracking-tight text-slate-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Solido
        </Link>
        {signedIn ? null : (
          <Link to="/login" className="rounded text-sm font-semibold text-teal-800 hover:text-teal-900">
            Sign in
          </Link>
        )}
      </header>

      <main>
        <section className="mx-auto max-w-3xl px-6 pb-16 pt-12 text-center sm:pt-20">
          <h1 className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">Get paid on time.</h1>
          <p className="mx-auto mt-6 max-w-2xl text-lg text-slate-600">
            Solido sends your customers polite, branded reminders for unpaid Xero invoices — and stops the moment they pay.
          </p>
          <div className="mt-10 flex flex-col items-center justify-center gap-4 sm:flex-row">
            {signedIn && workspacePath ? (
              <LinkButton to={workspacePath} size="lg">
                {resuming ? "Finish choosing your organisation" : "Open your workspace"}
              </LinkButton>
            ) : (
              <>
                <XeroLinkButton to="/signup">Sign up with Xero</XeroLinkButton>
                <XeroLinkButton to="/login" variant="secondary">
                  Sign in with Xero
                </XeroLinkButton>
              </>
            )}
          </div>
          <p className="mt-6 inline-flex items-center gap-2 text-sm text-slate-600">
            <ClockIcon width={18} height={18} />
            Setup takes about ten minutes — your first reminders can go out today.
          </p>
        </section>

        <section aria-labelledby="benefits" className="border-t border-slate-200 bg-slate-50">
          <h2 id="benefits" className="sr-only">
            Why Solido
          </h2>
          <ul className="mx-auto grid max-w-5xl gap-8 px-6 py-16 sm:grid-cols-3">
            {BENEFITS.map(({ icon: BenefitIcon, title, text }) => (
              <li key={title}>
                <div className="flex h-10 w-10 items-center justify-center rounded-lg bg-teal-700 text-white" aria-hidden>
                  <BenefitIcon />
                </div>
                <h3 className="mt-4 font-semibold text-slate-900">{title}</h3>
                <p className="mt-2 text-sm text-slate-600">{text}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <SiteFooter className="mx-auto max-w-5xl px-6 py-8" />
    </div>
  );
}
