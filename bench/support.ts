// What the benchmarks share: a fresh migrated database, production settings
// with secrets of the run's own, real worker processes whose peak memory can be
// read, and waiting for sync runs.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ensureDatabaseExists, withDatabaseName } from "~db/database-url";
import { startEmbeddedPostgres } from "~db/embedded-postgres";
import { migrateDatabase } from "~db/migrate";

/**
 * DATABASE_URL's server (a fresh database on it), or an embedded PostgreSQL that is thrown away
 * afterwards, as durable as a deployment's (fsync, synchronous commit and full-page writes on).
 * `cpuMs()`: CPU milliseconds PostgreSQL has used so far for this run — the embedded cluster's
 * whole process tree (backends, WAL writer, checkpointer; backends that exited included), or,
 * on an outside server, the live backends serving this database.
 */
export async function benchDatabase() {
  const statements = Number(process.env.BENCH_STATEMENTS ?? 0);
  let serverUrl: string;
  let stop = async () => {};
  let dataDir: string | undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabaseName(process.env.DATABASE_URL, "postgres");
  } else {
    dataDir = path.join(os.tmpdir(), `solido-bench-${process.pid}`);
    const server = await startEmbeddedPostgres({
      dataDir,
      ephemeral: true,
      durable: true,
      settings: statements > 0 ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_planning=on"] : [],
    });
    serverUrl = server.serverUrl;
    stop = server.stop;
  }
  const name = `solido_bench_${crypto.randomBytes(4).toString("hex")}`;
  await ensureDatabaseExists(serverUrl, name);
  const url = withDatabaseName(serverUrl, name);
  await migrateDatabase(url);
  if (statements > 0) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin`create extension if not exists pg_stat_statements`;
    await admin.end();
  }
  process.env.DATABASE_URL = url;
  const postmaster = dataDir ? Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]) : undefined;
  const cpuMs = () => (postmaster ? cpuMsOfTree(postmaster) : postgresCpuMs(url));
  return { url, stop, cpuMs, statements: statementCounter(url, statements) };
}

/**
 * BENCH_STATEMENTS=N (embedded PostgreSQL only): `pg_stat_statements` is loaded, and `reset()` then
 * `print(title)` show the N statements that took most of PostgreSQL's time between the two (planning and
 * execution), with calls and milliseconds a call: where a run's database time goes. Without it, both do nothing.
 */
function statementCounter(url: string, top: number) {
  const run = async <T>(work: (sql: postgres.Sql) => Promise<T>) => {
    if (top <= 0) return undefined;
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await work(sql);
    } finally {
      await sql.end();
    }
  };
  return {
    reset: () => run((sql) => sql`select pg_stat_statements_reset()`),
    print: (title: string) =>
      run(async (sql) => {
        const rows = await sql<{ calls: number; totalMs: number; planMs: number; rows: number; query: string }[]>`
          select calls::int, (total_exec_time + total_plan_time)::float8 as "totalMs", total_plan_time::float8 as "planMs", rows::int, query
          from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
          order by total_exec_time + total_plan_time desc limit ${top}`;
        const all = rows.reduce((sum, row) => sum + row.totalMs, 0);
        console.log(`\n  ${title}: the ${rows.length} statements taking most of PostgreSQL's time (${all.toFixed(0)} ms in all of them)`);
        for (const row of rows) {
          console.log(
            `  ${row.totalMs.toFixed(0).padStart(7)} ms ${String(row.calls).padStart(7)} calls ${(row.totalMs / Math.max(row.calls, 1)).toFixed(3).padStart(8)} ms/call (plan ${row.planMs.toFixed(0)} ms) ${row.rows} rows  ${row.query.replace(/\s+/g, " ").slice(0, 220)}`,
          );
        }
      }),
  };
}

/**
 * Runs this process and every process it spawns as a deployment runs them: NODE_ENV=production
 * (React and other libraries skip their development-only checks; env.server.ts then refuses
 * development defaults), with secrets generated for this run. Call before any app module loads:
 * tokens this process seals while connecting organisations are opened by the workers with the
 * same keys. Hand the webhook key to the sandbox (startSandboxForApp's `webhookKey`), whose own
 * default is the development one.
 */
export function runAsProduction(options: { smtpUrl?: string } = {}) {
  const settings: Record<string, string> = {
    NODE_ENV: "production",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    TOKEN_ENCRYPTION_KEYS: `bench:${crypto.randomBytes(32).toString("base64")}`,
    XERO_WEBHOOK_KEY: crypto.randomBytes(24).toString("base64"),
    SUPPORT_EMAIL: "support@solido.test",
    // Production requires somewhere to send email; a run that sends none names the discard port.
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
  };
  Object.assign(process.env, settings);
  return { webhookKey: settings.XERO_WEBHOOK_KEY };
}

export type WorkerProcess = { process: ChildProcess; peakRssMb: () => number; stop: () => Promise<void> };

/**
 * A real worker process (`jobs/worker.ts` under node --import tsx: one process, so its memory is the worker's).
 * BENCH_WORKER_NODE_FLAGS adds node flags to it, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles" to see where its time goes.
 */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, "--import", "tsx", "jobs/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const peakRssMb = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  return { process: child, peakRssMb, stop };
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15 * 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const USER_HZ = 100; // /proc's clock ticks a second on Linux

function procStat(pid: number) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime + stime (the process's own), cutime + cstime (its children's that exited and were waited for).
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
    const exitedChildren = ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
    return { ppid: Number(fields[1]), cpuMs: own, treeMs: own + exitedChildren };
  } catch {
    return undefined;
  }
}

const processIds = () => fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number);

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux only; 0 when it is gone). */
export const cpuMsOf = (pid: number) => procStat(pid)?.cpuMs ?? 0;

/**
 * CPU milliseconds so far of a process and all its descendants (a server's workers, PostgreSQL's backends),
 * children that have exited included (the kernel adds a reaped child's time to its parent's cutime/cstime).
 */
export function cpuMsOfTree(rootPid: number) {
  const stats = new Map(processIds().map((pid) => [pid, procStat(pid)]));
  const tree = (root: number): number => {
    let total = stats.get(root)?.treeMs ?? 0;
    for (const [pid, info] of stats) if (info?.ppid === root) total += tree(pid);
    return total;
  };
  return tree(rootPid);
}

/** CPU milliseconds so far of the PostgreSQL backends serving `databaseUrl`'s database (their command lines name it). */
export function postgresCpuMs(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  return processIds()
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(name);
      } catch {
        return false;
      }
    })
    .reduce((sum, pid) => sum + cpuMsOf(pid), 0);
}
