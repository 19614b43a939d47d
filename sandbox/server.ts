// Starts the Xero sandbox: one HTTP server answering for identity.xero.com (/.well-known, /connect),
// api.xero.com (/connections, /api.xro/2.0) and the sandbox's own control API (/__sandbox).
import { serve, type HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { accountingRoutes } from "./accounting-routes";
import { IdempotencyKeys, Pauses, authenticate, authoriseTenant, injectFaults, limitRate, logCalls, refuseLongUrls, respondAfter, type ApiEnv } from "./api-gateway";
import { CallLog } from "./call-log";
import { Clock } from "./clock";
import { DAILY_CALLS_BY_TIER, DEFAULT_SETTINGS, type SandboxSettings } from "./config";
import { connectionsRoutes } from "./connections-routes";
import { controlRoutes } from "./control-routes";
import { FaultInjector } from "./faults";
import { IdentityAuthority } from "./identity-authority";
import { identityRoutes } from "./identity-routes";
import { persistToFile, type StatePersistence } from "./persistence";
import { RateLimiter } from "./rate-limits";
import { SandboxStore } from "./store";
import { WebhookDispatcher } from "./webhooks";

export interface SandboxOptions extends Partial<Omit<SandboxSettings, "rateLimits">> {
  rateLimits?: Partial<SandboxSettings["rateLimits"]>;
  /** Wall clock the sandbox clock starts from (tests may pin it). */
  now?: () => number;
  /** Shown as ProviderName in API envelopes and on the consent page. */
  appName?: string;
  hostname?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  settings: SandboxSettings;
  store: SandboxStore;
  clock: Clock;
  authority: IdentityAuthority;
  webhooks: WebhookDispatcher;
  callLog: CallLog;
  faults: FaultInjector;
  close(): Promise<void>;
}

/**
 * In-process defaults suit tests: a free port, nothing persisted, no webhook receiver. The CLI
 * (main.ts) passes settingsFromEnv() for the development defaults instead.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const settings: SandboxSettings = {
    ...DEFAULT_SETTINGS,
    port: 0,
    stateFile: null,
    webhookUrl: null,
    latencyMs: null,
    ...options,
    rateLimits: { ...DEFAULT_SETTINGS.rateLimits, perTenantPerDay: DAILY_CALLS_BY_TIER[options.appTier ?? DEFAULT_SETTINGS.appTier], ...options.rateLimits },
  };
  const appName = options.appName ?? "Solido";
  const clock = new Clock(options.now);
  const store = new SandboxStore(clock, settings.seed);
  let persistence: StatePersistence | undefined;
  if (settings.stateFile) persistence = persistToFile(store, settings.stateFile);
  else store.reset();

  // The issuer must be known before the routes are built, and with port 0 it is known only after
  // listening, so the server starts with a handler that is filled in a moment later.
  let handle: (request: Request, env: HttpBindings) => Response | Promise<Response> = () => new Response("Starting", { status: 503 });
  const server = serve({ fetch: (request, env) => handle(request, env as HttpBindings), port: settings.port, hostname: options.hostname ?? "127.0.0.1", overrideGlobalObjects: false });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = settings.baseUrl ?? `http://localhost:${port}`;
  settings.port = port;

  const authority = await IdentityAuthority.create(store, clock, settings, url);
  const callLog = new CallLog();
  const faults = new FaultInjector();
  const pauses = new Pauses();
  const rateLimiter = new RateLimiter(settings.rateLimits, clock, settings.timeScale);
  const webhooks = new WebhookDispatcher({
    url: settings.webhookUrl,
    key: settings.webhookKey,
    batchMs: settings.webhookBatchMs,
    timeScale: settings.timeScale,
    apiBaseUrl: url,
    isConnected: (tenantId) => [...store.connections.values()].some((connection) => connection.tenantId === tenantId && connection.clientId === settings.clientId),
    now: () => clock.now(),
  });
  store.onResourceChange((change) => webhooks.enqueue(change));

  const idempotencyKeys = new IdempotencyKeys(clock);
  const app = new Hono<ApiEnv>();
  const xero = new Hono<ApiEnv>();
  xero.use("*", logCalls(callLog, clock));
  const latency = respondAfter(settings.latencyMs, pauses);
  xero.use("/connections/*", authenticate(authority), latency, injectFaults(faults, pauses));
  xero.use("/connections", authenticate(authority), latency, injectFaults(faults, pauses));
  // Latency and faults come after admission so a call's time (and a "slow" one's) occupies one of the tenant's concurrent slots.
  // Repeated writes are recognised after the faults, so a write a fault kept from happening can be retried under its key.
  xero.use("/api.xro/2.0/*", refuseLongUrls(), authenticate(authority), authoriseTenant(authority, store), limitRate(rateLimiter), latency, injectFaults(faults, pauses), idempotencyKeys.middleware());
  xero.route("/", identityRoutes(authority, store, appName) as unknown as Hono<ApiEnv>);
  xero.route("/connections", connectionsRoutes(authority, store));
  xero.route("/api.xro/2.0", accountingRoutes(appName, () => clock.now(), settings));
  app.route("/__sandbox", controlRoutes({ store, clock, authority, faults, callLog, rateLimiter, webhooks }) as unknown as Hono<ApiEnv>);
  app.route("/", xero);
  app.notFound((c) => c.json({ Title: "Not Found", Status: 404 }, 404));
  handle = (request, env) => app.fetch(request, env);

  return {
    url,
    port,
    settings,
    store,
    clock,
    authority,
    webhooks,
    callLog,
    faults,
    async close() {
      pauses.releaseAll();
      await webhooks.close();
      persistence?.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}
