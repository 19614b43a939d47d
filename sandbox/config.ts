// The sandbox's settings: every knob has a development default, an env variable, and an option
// that tests pass explicitly (short token lifetimes, tiny rate limits, a fast time scale).

export interface RateLimitSettings {
  perTenantPerMinute: number;
  perTenantPerDay: number;
  perTenantConcurrent: number;
  appPerMinute: number;
}

/**
 * Kindnesses real Xero does not show, each of which some of Solido's code still relies on. Every
 * entry is a departure from Xero, named so that it can be found and removed; the default is none.
 * - `contact-where-filters`: accept non-optimised `where` filters on Contacts (Xero: 400 HighVolumeFilterUnavailableApiException).
 * - `unpaged-contact-persons`: keep ContactPersons and ContactGroups in contact lists asked for without `page`.
 */
export const LENIENCIES = ["contact-where-filters", "unpaged-contact-persons"] as const;
export type Leniency = (typeof LENIENCIES)[number];

/**
 * Xero's app tiers (since 2 March 2026: Starter, Core, Plus, Advanced, Enterprise, by connections and
 * data egress — developer.xero.com/pricing). A Starter app's organisations get 1,000 calls a day
 * instead of 5,000 ("5,000 calls per day (1,000 for starter tier apps)", maesn.com's Xero API guide;
 * the limits themselves and their 429 with X-Rate-Limit-Problem and Retry-After:
 * developer.xero.com/documentation/oauth2/limits). The sandbox knows only that difference.
 */
export const APP_TIERS = ["starter", "core"] as const;
export type AppTier = (typeof APP_TIERS)[number];
export const DAILY_CALLS_BY_TIER: Record<AppTier, number> = { starter: 1000, core: 5000 };

export interface SandboxSettings {
  port: number;
  /** Public base URL; also the OIDC issuer. Derived from the port when not given. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs the registered app may use. */
  redirectUris: string[];
  /** Development convenience: any http://localhost:*|127.0.0.1:* URL with this path is also accepted. */
  loopbackRedirectPath: string | null;
  webhookUrl: string | null;
  webhookKey: string;
  /** How long Xero collects events before posting a batch. */
  webhookBatchMs: number;
  accessTokenSeconds: number;
  refreshTokenDays: number;
  refreshGraceSeconds: number;
  authorizationCodeSeconds: number;
  rateLimits: RateLimitSettings;
  /**
   * Multiplies every duration the sandbox waits out in real time (rate-limit windows, webhook
   * retry backoff), so a test can live through "a minute" in 60 ms with timeScale 0.001.
   */
  timeScale: number;
  /** JSON snapshot of the state; null keeps everything in memory (tests). */
  stateFile: string | null;
  /** Seed of the demo data's PRNG: the same seed gives the same ids, names and amounts. */
  seed: number;
  /** Departures from Xero still allowed (see LENIENCIES); none by default. */
  leniencies: Leniency[];
  /**
   * Organisations holding more invoices than this are "high volume": Xero then refuses unpaged
   * invoice lists and non-optimised invoice filters (500,000 per Xero's published thresholds).
   */
  invoiceHighVolumeThreshold: number;
  /**
   * When the registered app was created (YYYY-MM-DD): apps created on or after 2 March 2026 may
   * not ask for the retired broad scopes (accounting.transactions…). Solido is a new app.
   */
  appCreatedOn: string;
  /** The registered app's tier: `starter` gives each organisation 1,000 calls a day unless rateLimits.perTenantPerDay says otherwise. */
  appTier: AppTier;
  /**
   * Each api.xero.com call is held this long (uniform in [min, max] ms) after it is admitted, so it
   * occupies one of the tenant's 5 concurrent slots as a real call does (Xero answers in a few hundred
   * ms; an in-process sandbox in under one). On in development and e2e; null (off) for in-process tests.
   */
  latencyMs: { min: number; max: number } | null;
}

export const XERO_RATE_LIMITS: RateLimitSettings = {
  perTenantPerMinute: 60,
  perTenantPerDay: 5000,
  perTenantConcurrent: 5,
  appPerMinute: 10_000,
};

export const DEFAULT_SETTINGS: SandboxSettings = {
  port: 4010,
  clientId: "solido-dev",
  clientSecret: "solido-dev-secret",
  redirectUris: ["http://localhost:3000/auth/xero/callback"],
  // Xero matches redirect URIs exactly; the loopback allowance is a development convenience, off unless asked for.
  loopbackRedirectPath: null,
  webhookUrl: "http://localhost:3000/webhooks/xero",
  webhookKey: "solido-dev-webhook-key",
  webhookBatchMs: 1000,
  accessTokenSeconds: 30 * 60,
  refreshTokenDays: 60,
  refreshGraceSeconds: 30 * 60,
  authorizationCodeSeconds: 5 * 60,
  rateLimits: XERO_RATE_LIMITS,
  timeScale: 1,
  stateFile: ".data/sandbox/state.json",
  seed: 20_240_601,
  leniencies: [],
  invoiceHighVolumeThreshold: 500_000,
  appCreatedOn: "2026-06-01",
  appTier: "core",
  latencyMs: { min: 150, max: 400 },
};

type Env = Record<string, string | undefined>;

function numberFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

function listFrom(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw.split(",").map((item) => item.trim()).filter(Boolean);
}

/** "150-400" (a range), "200" (fixed), "0" or "" (off). */
export function latencyFrom(env: Env, name: string, fallback: SandboxSettings["latencyMs"]): SandboxSettings["latencyMs"] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw.trim() === "" || raw.trim() === "0") return null;
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(raw);
  const min = Number(match?.[1]);
  const max = Number(match?.[2] ?? match?.[1]);
  if (!match || max < min) throw new Error(`${name} must be milliseconds as "min-max" (e.g. 150-400), one number, or 0 for none; got "${raw}"`);
  return { min, max };
}

function dayFrom(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) throw new Error(`${name} must be a date (YYYY-MM-DD), got "${raw}"`);
  return raw;
}

function leniencies(names: string[]): Leniency[] {
  const unknown = names.filter((name) => !(LENIENCIES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`SANDBOX_LENIENCIES: unknown ${unknown.join(", ")} (known: ${LENIENCIES.join(", ")})`);
  return names as Leniency[];
}

function tierFrom(env: Env): AppTier {
  const tier = (env.SANDBOX_APP_TIER || DEFAULT_SETTINGS.appTier).toLowerCase();
  if (!(APP_TIERS as readonly string[]).includes(tier)) throw new Error(`SANDBOX_APP_TIER must be one of ${APP_TIERS.join(", ")} (got ${tier})`);
  return tier as AppTier;
}

/** Reads SANDBOX_* variables; an empty SANDBOX_WEBHOOK_URL or SANDBOX_STATE_FILE switches that feature off. */
export function settingsFromEnv(env: Env = process.env): SandboxSettings {
  const d = DEFAULT_SETTINGS;
  const optional = (name: string, fallback: string | null) =>
    env[name] === undefined ? fallback : env[name] === "" ? null : (env[name] as string);
  return {
    port: numberFrom(env, "SANDBOX_PORT", d.port),
    baseUrl: env.SANDBOX_BASE_URL || undefined,
    clientId: env.SANDBOX_CLIENT_ID || d.clientId,
    clientSecret: env.SANDBOX_CLIENT_SECRET || d.clientSecret,
    redirectUris: listFrom(env, "SANDBOX_REDIRECT_URIS", d.redirectUris),
    loopbackRedirectPath: optional("SANDBOX_LOOPBACK_REDIRECT_PATH", d.loopbackRedirectPath),
    webhookUrl: optional("SANDBOX_WEBHOOK_URL", d.webhookUrl),
    webhookKey: env.SANDBOX_WEBHOOK_KEY || d.webhookKey,
    webhookBatchMs: numberFrom(env, "SANDBOX_WEBHOOK_BATCH_MS", d.webhookBatchMs),
    accessTokenSeconds: numberFrom(env, "SANDBOX_ACCESS_TOKEN_SECONDS", d.accessTokenSeconds),
    refreshTokenDays: numberFrom(env, "SANDBOX_REFRESH_TOKEN_DAYS", d.refreshTokenDays),
    refreshGraceSeconds: numberFrom(env, "SANDBOX_REFRESH_GRACE_SECONDS", d.refreshGraceSeconds),
    authorizationCodeSeconds: numberFrom(env, "SANDBOX_AUTHORIZATION_CODE_SECONDS", d.authorizationCodeSeconds),
    rateLimits: {
      perTenantPerMinute: numberFrom(env, "SANDBOX_RATE_LIMIT_MINUTE", d.rateLimits.perTenantPerMinute),
      perTenantPerDay: numberFrom(env, "SANDBOX_RATE_LIMIT_DAY", DAILY_CALLS_BY_TIER[tierFrom(env)]),
      perTenantConcurrent: numberFrom(env, "SANDBOX_RATE_LIMIT_CONCURRENT", d.rateLimits.perTenantConcurrent),
      appPerMinute: numberFrom(env, "SANDBOX_RATE_LIMIT_APP_MINUTE", d.rateLimits.appPerMinute),
    },
    timeScale: numberFrom(env, "SANDBOX_TIME_SCALE", d.timeScale),
    stateFile: optional("SANDBOX_STATE_FILE", d.stateFile),
    seed: numberFrom(env, "SANDBOX_SEED", d.seed),
    leniencies: leniencies(listFrom(env, "SANDBOX_LENIENCIES", d.leniencies)),
    invoiceHighVolumeThreshold: numberFrom(env, "SANDBOX_INVOICE_HIGH_VOLUME_THRESHOLD", d.invoiceHighVolumeThreshold),
    appCreatedOn: dayFrom(env, "SANDBOX_APP_CREATED_ON", d.appCreatedOn),
    appTier: tierFrom(env),
    latencyMs: latencyFrom(env, "SANDBOX_LATENCY_MS", d.latencyMs),
  };
}
