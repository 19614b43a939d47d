// Starts the whole product on this machine: PostgreSQL (embedded unless
// DATABASE_URL is set), migrations, the local Xero sandbox (unless real Xero
// credentials are configured), the local mailbox, the web server and a worker.
// `npm run dev` uses it interactively; the end-to-end tests use it in "e2e"
// mode, serving the built app against a throw-away database.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { DATA_DIR, ensureDatabaseExists, resolveDatabaseUrl, withDatabaseName } from "~db/database-url";
import { freePort, startEmbeddedPostgres } from "~db/embedded-postgres";
import { migrateDatabase } from "~db/migrate";
import { startMailbox } from "~mailbox/server";
import { DEFAULT_SETTINGS, latencyFrom, settingsFromEnv } from "~sandbox/config";
import { startSandbox } from "~sandbox/server";

export type StackMode = "dev" | "e2e";

export type Stack = {
  appUrl: string;
  databaseUrl: string;
  sandboxUrl?: string;
  mailboxUrl: string;
  /** The environment the web and worker processes run with. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

type Log = (line: string) => void;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

/** Real Xero when its credentials are configured; otherwise the sandbox stands in. */
const usesRealXero = () => Boolean(process.env.XERO_CLIENT_ID && process.env.XERO_CLIENT_SECRET);

async function startDatabase(mode: StackMode, log: Log) {
  if (mode === "dev") {
    const database = await resolveDatabaseUrl({ log: () => {} });
    log(database.embedded ? "PostgreSQL: embedded, data in .data/postgres" : "PostgreSQL: DATABASE_URL");
    await migrateDatabase(database.url);
    return database;
  }
  // e2e: a fresh database every run, on a throw-away embedded server unless DATABASE_URL names one.
  const name = `solido_e2e_${crypto.randomBytes(4).toString("hex")}`;
  if (process.env.DATABASE_URL) {
    const serverUrl = withDatabaseName(process.env.DATABASE_URL, "postgres");
    await ensureDatabaseExists(serverUrl, name);
    const url = withDatabaseName(serverUrl, name);
    await migrateDatabase(url);
    return { url, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `solido-e2e-${process.pid}`),
    ephemeral: true,
  });
  await ensureDatabaseExists(server.serverUrl, name);
  const url = withDatabaseName(server.serverUrl, name);
  await migrateDatabase(url);
  return { url, embedded: true, stop: server.stop };
}

/** A child process whose output is prefixed and which is stopped with the stack. */
function startChild(label: string, command: string, args: string[], env: Record<string, string>, log: Log) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it also stops what it started (remix dev's app server).
    detached: true,
  });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log(`[${label}] ${line}`);
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is already gone
  }
}

const groupAlive = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the child and everything in its process group (remix dev's esbuild and
 * app server, tsx's node): SIGTERM, SIGKILL if it has not exited within 4 s,
 * then SIGKILL for anything it left in its group, so what stops next
 * (PostgreSQL last) finds its clients' connections closed. Bounded: an exited
 * orphan may linger as a zombie until init reaps it.
 */
async function stopChild(child: ChildProcess) {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
  signalGroup(child, "SIGTERM");
  if ((await Promise.race([exited.then(() => true), pause(4_000).then(() => false)])) === false) signalGroup(child, "SIGKILL");
  await exited;
  signalGroup(child, "SIGKILL"); // anything it left behind in its group
  for (let waited = 0; groupAlive(child) && waited < 1_000; waited += 50) await pause(50);
}

async function waitForHealthy(url: string, children: ChildProcess[], timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with code ${dead.exitCode} before the app was up`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer ${url}/healthz within ${timeoutMs / 1000}s`);
}

export async function startStack(options: { mode: StackMode; port?: number; log?: Log }): Promise<Stack> {
  const { mode } = options;
  const log = options.log ?? ((line) => console.log(line));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => log(`stop failed: ${String(error)}`));
  };

  try {
    const port = options.port ?? (mode === "dev" ? Number(process.env.PORT ?? 3000) : await freePort());
    const appUrl = mode === "dev" ? (process.env.APP_URL ?? `http://localhost:${port}`) : `http://127.0.0.1:${port}`;

    const database = await startDatabase(mode, log);
    stops.push(async () => {
      const since = Date.now();
      await database.stop();
      if (database.embedded) log(`PostgreSQL stopped in ${Date.now() - since} ms`);
    });

    // Dev: the mailbox's own defaults (MAILBOX_SMTP_PORT / MAILBOX_HTTP_PORT, kept on disk); e2e: free ports, in memory.
    const mailbox = await startMailbox(
      mode === "dev" ? { storageDir: path.join(DATA_DIR, "mailbox") } : { smtpPort: 0, httpPort: 0, storageDir: null },
    );
    stops.push(async () => {
      const since = Date.now();
      await mailbox.close();
      log(`mailbox stopped in ${Date.now() - since} ms`);
    });
    log(`Mailbox: every email Solido sends lands at ${mailbox.url}`);

    const env: Record<string, string> = {
      APP_URL: appUrl,
      PORT: String(port),
      DATABASE_URL: database.url,
      SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`,
      MAILBOX_URL: mailbox.url,
    };

    if (mode === "e2e") {
      // Production settings with secrets of the run's own, so the production
      // configuration path is the one under test.
      Object.assign(env, {
        NODE_ENV: "production",
        SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
        TOKEN_ENCRYPTION_KEYS: `e2e:${crypto.randomBytes(32).toString("base64")}`,
        XERO_CLIENT_ID: `solido-e2e-${crypto.randomBytes(4).toString("hex")}`,
        XERO_CLIENT_SECRET: crypto.randomBytes(24).toString("hex"),
        XERO_WEBHOOK_KEY: crypto.randomBytes(24).toString("base64"),
        SUPPORT_EMAIL: "support@solido.test",
      });
    }

    let sandboxUrl: string | undefined;
    if (mode === "e2e" || !usesRealXero()) {
      // Dev: the SANDBOX_* settings (persisted demo data, real limits); e2e: in memory, credentials of the run's own.
      // Both with Xero's latency (150-400 ms a call unless SANDBOX_LATENCY_MS says otherwise), so the 5-concurrent limit bites as in production.
      const settings =
        mode === "dev" ? settingsFromEnv() : { ...settingsFromEnv({}), port: 0, stateFile: null, latencyMs: latencyFrom(process.env, "SANDBOX_LATENCY_MS", DEFAULT_SETTINGS.latencyMs) };
      const sandbox = await startSandbox({
        ...settings,
        ...(mode === "e2e" ? { clientId: env.XERO_CLIENT_ID, clientSecret: env.XERO_CLIENT_SECRET, webhookKey: env.XERO_WEBHOOK_KEY } : {}),
        redirectUris: [`${appUrl}/auth/xero/callback`],
        webhookUrl: `${appUrl}/webhooks/xero`,
      });
      stops.push(async () => {
        const since = Date.now();
        await sandbox.close();
        log(`sandbox stopped in ${Date.now() - since} ms`);
      });
      sandboxUrl = sandbox.url;
      Object.assign(env, {
        XERO_CLIENT_ID: sandbox.settings.clientId,
        XERO_CLIENT_SECRET: sandbox.settings.clientSecret,
        XERO_WEBHOOK_KEY: sandbox.settings.webhookKey,
        XERO_IDENTITY_URL: sandbox.url,
        XERO_API_URL: sandbox.url,
      });
      log(`Xero sandbox: ${sandbox.url} (sign in as demo@solido.test)`);
    } else {
      log("Xero: the real Xero, with XERO_CLIENT_ID from the environment");
    }

    const web =
      mode === "dev"
        ? // remix dev's own port (live reload), configurable beside the app's so two stacks can share a machine.
          startChild("web", bin("remix"), ["dev", "--port", process.env.REMIX_DEV_PORT ?? "3001", "-c", "node scripts/web-server.mjs ./build/index.js"], env, log)
        : // The production server itself (one process), so its headers and access log are what the tests see.
          startChild("web", process.execPath, ["scripts/start-web.mjs", "./build/index.js"], { ...env, WEB_CONCURRENCY: "1" }, log);
    const worker = startChild("worker", bin("tsx"), ["jobs/worker.ts"], { ...env, SOLIDO_PROCESS: "solido-worker" }, log);
    // The database's two clients stop side by side, before anything else.
    stops.push(async () => {
      const since = Date.now();
      await Promise.all([stopChild(web), stopChild(worker)]);
      log(`web and worker stopped in ${Date.now() - since} ms`);
    });

    await waitForHealthy(appUrl, [web, worker]);
    return { appUrl, databaseUrl: database.url, sandboxUrl, mailboxUrl: mailbox.url, env, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
