// Tests that drive Solido against the Xero sandbox: start the sandbox in this
// process, point the app's environment at it (before any app module loads),
// connect a demo user's organisation through the real sign-up journey, and run
// the worker's real tasks.
import { Logger, runOnce } from "graphile-worker";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "~sandbox/server";
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

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function respond(loader: Loader, request: Request): Promise<Response> {
  try {
    const result = await loader({ request, params: {}, context: {} });
    if (result instanceof Response) return result;
    throw new Error(`Expected a redirect from ${request.url}, got ${JSON.stringify(result).slice(0, 200)}`);
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
 * browser would; returns the workspace bound to it (its first sync queued).
 */
export async function connectedWorkspace(sandbox: RunningSandbox, email: string, organisation: string) {
  const { loader: signup } = await import("~/routes/signup");
  const { loader: callback } = await import("~/routes/auth.xero.callback");
  const started = await respond(signup as Loader, new Request(`${APP_URL}/signup`));
  const callbackUrl = await consentAtXero(started.headers.get("location")!, { email, organisations: [organisation] });
  const landed = await respond(callback as Loader, new Request(callbackUrl, { headers: { Cookie: cookiesFrom(started) } }));
  if (landed.status !== 302 || !landed.headers.get("location")?.startsWith("/w/")) {
    throw new Error(`Connecting ${organisation} did not land on a workspace: ${landed.status} ${await landed.text()}`);
  }
  const { db } = await import("~/db.server");
  const { workspaces } = await import("~db/schema");
  const { eq } = await import("drizzle-orm");
  const tenantId = tenantNamed(sandbox, organisation);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.xeroTenantId, tenantId));
  return { workspaceId: workspace.id, tenantId, slug: workspace.slug };
}

const silent = new Logger(() => () => {});

/** Runs every job that is due with the worker's real task list, until none is left. */
export async function runJobs() {
  const { taskList } = await import("~jobs/tasks");
  const { env } = await import("~/env.server");
  await runOnce({ connectionString: env().DATABASE_URL, taskList, noHandleSignals: true, logger: silent });
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
