// Every setting Solido reads from its environment, validated once. Development
// and tests get working defaults (the local Xero sandbox, the local mailbox);
// production refuses to start until the real secrets are set.
import { z } from "zod";

const DEV_DEFAULTS = {
  SESSION_SECRET: "dev-only-session-secret-do-not-use-in-production",
  // 32 zero-ish bytes, base64: a key every developer shares, so it protects nothing.
  TOKEN_ENCRYPTION_KEYS: "dev:ZGV2LW9ubHktdG9rZW4ta2V5LTMyLWJ5dGVzLWxvbmc=",
  XERO_CLIENT_ID: "solido-dev",
  XERO_CLIENT_SECRET: "solido-dev-secret",
  XERO_WEBHOOK_KEY: "solido-dev-webhook-key",
  SMTP_URL: "smtp://127.0.0.1:2525",
  // Where customers write for help: every error page and the support page show it.
  SUPPORT_EMAIL: "support@solido.localhost",
} as const;

/** Settings with no safe default outside development. */
const SECRETS = Object.keys(DEV_DEFAULTS) as (keyof typeof DEV_DEFAULTS)[];

const encryptionKeys = z
  .string()
  .transform((value, ctx) => {
    const keys = value.split(",").map((entry) => {
      const [id, material] = entry.trim().split(":");
      const key = Buffer.from(material ?? "", "base64");
      if (!id || key.length !== 32) {
        ctx.addIssue({ code: "custom", message: 'each key must be "id:<32 bytes in base64>"' });
      } else if (!/^[A-Za-z0-9_-]+$/.test(id)) {
        // The id is written into every sealed token between dots (token-vault.server.ts): "k.1" would seal tokens nothing can open.
        ctx.addIssue({ code: "custom", message: `key id "${id}" may use only letters, digits, "-" and "_"` });
      }
      return { id, key };
    });
    return keys;
  })
  .refine((keys) => keys.length > 0, "at least one key");

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_URL: z.url().default("http://localhost:3000"),
  DATABASE_URL: z.string({ error: "DATABASE_URL is not set (npm run dev starts an embedded PostgreSQL and sets it for you)" }).min(1),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEYS: encryptionKeys,
  XERO_CLIENT_ID: z.string().min(1),
  XERO_CLIENT_SECRET: z.string().min(1),
  XERO_IDENTITY_URL: z.url().default("https://identity.xero.com"),
  XERO_API_URL: z.url().default("https://api.xero.com"),
  XERO_SCOPES: z
    .string()
    .default("accounting.invoices accounting.contacts.read accounting.settings.read accounting.payments.read")
    .transform((value) => value.split(/[\s,]+/).filter(Boolean)),
  XERO_WEBHOOK_KEY: z.string().min(1),
  /** Mailgun's HTTP webhook signing key: set it to receive asynchronous bounces at /webhooks/mailgun (docs/decisions/0014-asynchronous-bounces-from-mailgun.md). */
  MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(1).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://"),
  EMAIL_FROM: z.string().default("reminders@solido.localhost"),
  SUPPORT_EMAIL: z.email("SUPPORT_EMAIL must be an email address customers can write to (e.g. support@example.com)"),
  MAILBOX_URL: z.url().optional(),
  SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(5),
  /**
   * How long a send attempt holds the emails it claimed before another sender may take them
   * (a sender whose claim ran out never sends the final "."; see app/reminders/send.server.ts).
   */
  REMINDER_SEND_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Attempts of one reminder_email_send job (graphile-worker's backoff between them); the stranded-email sweeper takes over after. */
  REMINDER_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(12),
  /** Database connections the reminder planner splits the workspaces over, each planning its part in its own transaction. */
  REMINDER_PLANNER_CONNECTIONS: z.coerce.number().int().min(1).max(16).default(2),
  /** Xero's per-tenant limits Solido paces itself below (Xero's free Starter tier allows 1,000 calls a day). */
  XERO_RATE_LIMIT_MINUTE: z.coerce.number().int().positive().default(60),
  XERO_RATE_LIMIT_DAY: z.coerce.number().int().positive().default(5000),
  XERO_RATE_LIMIT_CONCURRENT: z.coerce.number().int().positive().default(5),
  /** Shrinks "a minute" like the sandbox's SANDBOX_TIME_SCALE does, for benchmarks against it; 1 everywhere else. */
  XERO_RATE_LIMIT_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** A Xero call that has not answered by then is abandoned and retried. */
  XERO_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Organisations Xero lets this app connect: 25 for an uncertified app (app/xero/connection-count.server.ts). */
  XERO_CONNECTION_LIMIT: z.coerce.number().int().positive().default(25),
  /** From this many connected organisations on, /healthz and the log warn that the cap is near. */
  XERO_CONNECTION_WARNING_AT: z.coerce.number().int().positive().default(20),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const production = source.NODE_ENV === "production";
  const input = { ...source };
  const missing: string[] = [];
  for (const name of SECRETS) {
    if (input[name]) continue;
    if (production) missing.push(name);
    else input[name] = DEV_DEFAULTS[name];
  }
  if (production) {
    const appUrl = input.APP_URL ? URL.parse(input.APP_URL) : null;
    const local = appUrl && ["localhost", "127.0.0.1", "[::1]"].includes(appUrl.hostname);
    if (!appUrl || (appUrl.protocol !== "https:" && !local)) missing.push("APP_URL (the https:// address users reach Solido at)");
    for (const name of SECRETS) {
      if (input[name] && input[name] === DEV_DEFAULTS[name]) missing.push(`${name} (still the development default)`);
    }
  }
  const result = schema.safeParse(input);
  const problems = [
    ...missing.map((name) => `${name}: required in production`),
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)),
  ];
  if (problems.length > 0 || !result.success) {
    throw new Error(`Solido cannot start; fix these environment variables:\n  - ${problems.join("\n  - ")}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The validated environment; the first call validates and fails loudly. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
