// The customer's page, reached from the link in every reminder: no login (the
// signed link is the key: app/models/customer-links.server.ts). It shows the
// business's branding and the customer's open invoices, each with Xero's
// "View and pay" link, and two things a customer can say: "I'll pay on…"
// (reminders wait) and "Query this invoice" (reminders stop, the business is
// told). An altered link opens nothing; an expired one names whom to ask.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CustomerInvoiceCard, CustomerPageFrame, LinkProblem } from "~/pages/customer-page/customer-page";
import { isBodyTooLarge, payloadTooLarge, readBodyWithin } from "~/http/request-body.server";
import { checkCustomerLink } from "~/models/customer-links.server";
import { businessOf, customerPage } from "~/models/customer-page.server";
import { PROMISE_REFUSALS, QUERY_REFUSALS, type CustomerAction } from "~/models/customer-answers";
import { raiseInvoiceQuery } from "~/models/invoice-queries.server";
import { promiseToPay } from "~/models/payment-promises.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && "page" in data && data.page ? `Your invoices from ${data.page.branding.businessName}` : "Your invoices" },
  // The address is the key to the page: keep it out of search engines.
  { name: "robots", content: "noindex, nofollow" },
];

// One customer's page: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

async function linked(token: string | undefined) {
  const checked = checkCustomerLink(token ?? "");
  if (checked.ok) return { ok: true as const, subject: checked.subject };
  if (checked.reason === "tampered") return { ok: false as const, status: 404, business: null };
  return { ok: false as const, status: 410, business: await businessOf(checked.subject) };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await linked(params.token);
  if (!link.ok) return data({ problem: link.status === 410 ? ("expired" as const) : ("unknown" as const), business: link.business?.businessName ?? null, page: null }, { status: link.status });
  const page = await customerPage(link.subject);
  if (!page) return data({ problem: "unknown" as const, business: null, page: null }, { status: 404 });
  return { problem: null, business: page.branding.businessName, page };
}

const Said = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("promise"), invoiceId: z.uuid(), promisedFor: z.string().max(20) }),
  z.object({ intent: z.literal("query"), invoiceId: z.uuid(), message: z.string().max(20_000) }),
]);

/** A page anyone with the link can post to: its form is a few kilobytes, so read no more than that. */
const FORM_MAX_BYTES = 32 * 1024;
async function readForm(request: Request) {
  try {
    // The page's forms post url-encoded (Remix's default).
    return new URLSearchParams((await readBodyWithin(request, FORM_MAX_BYTES)).toString("utf8"));
  } catch (error) {
    if (isBodyTooLarge(error)) throw payloadTooLarge("That message is too long to send.");
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const link = await linked(params.token);
  if (!link.ok) throw new Response(link.status === 410 ? "This link has expired." : "Not found", { status: link.status });
  const parsed = Said.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("That form was not complete. Go back and try again.", { status: 400 });
  const said = parsed.data;
  if (said.intent === "promise") {
    const outcome = await promiseToPay(link.subject, { invoiceId: said.invoiceId, promisedFor: said.promisedFor });
    if (!outcome.ok) return data<CustomerAction>({ invoiceId: said.invoiceId, intent: "promise", ok: false, error: PROMISE_REFUSALS[outcome.refusal], value: said.promisedFor }, { status: 400 });
    return data<CustomerAction>({ invoiceId: said.invoiceId, intent: "promise", ok: true });
  }
  const outcome = await raiseInvoiceQuery(link.subject, { invoiceId: said.invoiceId, message: said.message });
  if (!outcome.ok) return data<CustomerAction>({ invoiceId: said.invoiceId, intent: "query", ok: false, error: QUERY_REFUSALS[outcome.refusal], value: said.message }, { status: 400 });
  return data<CustomerAction>({ invoiceId: said.invoiceId, intent: "query", ok: true });
}

export default function CustomerPage() {
  const loaded = useLoaderData<typeof loader>();
  if (!loaded.page) return <LinkProblem problem={loaded.problem ?? "unknown"} business={loaded.business} />;
  const { page } = loaded;
  return (
    <CustomerPageFrame branding={page.branding}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Your invoices from {page.branding.businessName}</h1>
      <p className="mt-2 text-slate-700">
        Hello {page.contactName}.{" "}
        {page.invoices.length === 0
          ? "You have nothing left to pay. Thank you!"
          : `You have ${page.invoices.length} ${page.invoices.length === 1 ? "invoice" : "invoices"} open: ${page.totals.join(" and ")} in total.`}
      </p>
      <ul className="mt-6 space-y-4" aria-label="Open invoices">
        {page.invoices.map((invoice) => (
          <li key={invoice.id}>
            <CustomerInvoiceCard
              invoice={invoice}
              businessName={page.branding.businessName}
              accentColour={page.branding.accentColour}
              earliest={page.earliestPromise}
              latest={page.latestPromise}
            />
          </li>
        ))}
      </ul>
    </CustomerPageFrame>
  );
}
