// Tests that drive Solido against the Xero sandbox: start the sandbox in this
// process, point the app's environment at it (before any app module loads),
// connect a demo user's organisation through the real sign-up journey, and run
// the worker's real tasks.
import type { OrganisationBook } from "~sandbox/books";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "~sandbox/server";
import { drainJobs } from "./jobs";
import { consentAtXero, cookiesFrom } from "./xero-consent";

export const APP_URL = "http://localhost:3000";
const CLIENT = { clientId: "solido-test", clientSecret: "solido-test-secret" };

/** Starts the sandbox and sets XERO_* and APP_URL for the app; call before importing app modules. */
export async function startSandboxForApp(options: SandboxOptions = {}, env: Record<string, string> = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ ...CLIENT, redirectUris: [`${APP_URL}/auth/xero/callback`], ...options });
  Object.assign(process.env, {
    APP_URL,
    XERO_IDENTITY_URL: sandbox.url,
    XERO_API_URL: sandbox.url,
    XERO_CLIENT_ID: CLIENT.clientId,
    XERO_CLIENT_SECRET: CLIENT.clientSecret,
    XERO_WEBHOOK_KEY: sandbox.settings.webhookKey,
    ...env,
  });
  return sandbox;
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

/** Calls a loader or action as Remix would, and hands back what the browser would get. */
export async function callRoute(route: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (route as RouteFunction)({ request, params, context: {} });
    if (result instanceof Response) return result;
    // Remix's data(): a DataWithResponseInit.
    const init = (result as { init?: ResponseInit; data?: unknown }).init ?? {};
    return new Response(JSON.stringify((result as { data?: unknown }).data ?? result), init);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The tenant id of a sandbox organisation, by name. */
export function tenantNamed(sandbox: RunningSandbox, name: string) {
  const book = [...sandbox.store.books.values()].find((candidate) => candidate.organisation.name === name);
  if (!book) throw new Error(`The sandbox has no organisation "${name}"`);
  return book.tenantId;
}

/**
 * Signs a demo user up with Xero, consenting to one organisation, exactly as a
 * browser would; returns the workspace bound to it (its first sync queued)
 * and the browser's cookies.
 */
export async function connectedWorkspace(sandbox: RunningSandbox, email: string, organisation: string) {
  const { loader: signup } = await import("~/routes/signup");
  const { loader: callback } = await import("~/routes/auth.xero.callback");
  const started = await callRoute(signup, new Request(`${APP_URL}/signup`));
  const callbackUrl = await consentAtXero(started.headers.get("location")!, { email, organisations: [organisation] });
  const landed = await callRoute(callback, new Request(callbackUrl, { headers: { Cookie: cookiesFrom(started) } }));
  if (landed.status !== 302 || !landed.headers.get("location")?.startsWith("/w/")) {
    throw new Error(`Connecting ${organisation} did not land on a workspace: ${landed.status} ${await landed.text()}`);
  }
  const { db } = await import("~/server/db.server");
  const { workspaces } = await import("~db/schema");
  const { eq } = await import("drizzle-orm");
  const tenantId = tenantNamed(sandbox, organisation);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.xeroTenantId, tenantId));
  // The browser's cookies afterwards: signed in to the new workspace.
  return { workspaceId: workspace.id, tenantId, slug: workspace.slug, cookie: cookiesFrom(landed, cookiesFrom(started)) };
}

/** Runs every job that is due with the worker's real task list, until none is left. */
export async function runJobs() {
  const { taskList } = await import("~jobs/tasks");
  await drainJobs(taskList);
}

/** POSTs JSON to the sandbox's control API. */
export async function control(sandbox: RunningSandbox, path: string, body: unknown = {}, method = "POST") {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
  const data = (await response.json()) as Record<string, any>;
  if (!response.ok) throw new Error(`Sandbox ${method} ${path} answered ${response.status}: ${JSON.stringify(data)}`);
  return data;
}

/** Exact decimal text of integer cents, as numeric(18,2) prints it. */
export const money = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

/**
 * Compares Solido's copy of a workspace with the sandbox's books. Every sales
 * invoice the first sync (started at `firstSyncStartedAt`) was to copy must be
 * held — open ones, and paid/voided ones changed in the 90 days before — and
 * every invoice held must carry Xero's amount due, total, dates, status,
 * reference and contact email. Invoices outside that set may be held only if
 * they changed since the first sync (incremental syncs read every status).
 * Returns the differences (empty when the copy is exact).
 */
export async function differencesFromXero(workspaceId: string, book: OrganisationBook, firstSyncStartedAt: Date) {
  const { db } = await import("~/server/db.server");
  const { contacts, invoices } = await import("~db/schema");
  const { eq } = await import("drizzle-orm");
  const historyStart = firstSyncStartedAt.getTime() - 90 * 86_400_000;
  // If-Modified-Since is Xero's clock, the run's start Solido's: invoices changed within minutes of the window's edge may go either way.
  const nearEdge = (at: number) => Math.abs(at - historyStart) < 5 * 60_000;
  const changedSinceFirstSync = (at: number) => at > firstSyncStartedAt.getTime() - 10 * 60_000;
  const held = await db
    .select({ invoice: invoices, contact: contacts })
    .from(invoices)
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(eq(invoices.workspaceId, workspaceId));
  const heldById = new Map(held.map((row) => [row.invoice.xeroInvoiceId, row]));
  const differences: string[] = [];
  const expected = [...book.invoices.values()].filter(
    (invoice) => invoice.type === "ACCREC" && (invoice.status === "AUTHORISED" || ((invoice.status === "PAID" || invoice.status === "VOIDED") && invoice.updatedAt > historyStart)),
  );
  for (const invoice of expected) {
    if (!heldById.has(invoice.id) && !nearEdge(invoice.updatedAt)) differences.push(`missing invoice ${invoice.number}`);
  }
  const expectedIds = new Set(expected.map((invoice) => invoice.id));
  for (const [id, copy] of heldById) {
    const invoice = book.invoices.get(id);
    if (!invoice) {
      differences.push(`invoice ${id} is not in Xero`);
      continue;
    }
    if (!expectedIds.has(id) && !nearEdge(invoice.updatedAt) && !changedSinceFirstSync(invoice.updatedAt)) differences.push(`unexpected invoice ${invoice.number} (${invoice.status})`);
    const ours = {
      number: copy.invoice.invoiceNumber,
      status: copy.invoice.status,
      amountDue: copy.invoice.amountDue,
      total: copy.invoice.total,
      dueDate: copy.invoice.dueDate,
      issueDate: copy.invoice.issueDate,
      reference: copy.invoice.reference ?? "",
      currency: copy.invoice.currencyCode,
      email: copy.contact.emailAddress ?? "",
      settled: copy.invoice.settledSeenAt !== null,
    };
    const theirs = {
      number: invoice.number,
      status: invoice.status,
      amountDue: money(book.amountDue(invoice)),
      total: money(invoice.total),
      dueDate: invoice.dueDate,
      issueDate: invoice.date,
      reference: invoice.reference,
      currency: invoice.currencyCode,
      email: book.contacts.get(invoice.contactId)?.emailAddress ?? "",
      settled: ["PAID", "VOIDED", "DELETED"].includes(invoice.status) || (invoice.status === "AUTHORISED" && book.amountDue(invoice) === 0),
    };
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) differences.push(`invoice ${invoice.number}: Solido ${JSON.stringify(ours)} ≠ Xero ${JSON.stringify(theirs)}`);
  }
  return { differences, held: held.length };
}
