// `npm run dev` stops on one Ctrl-C: started as a terminal would (a process
// group of its own, on ports of its own), sent one SIGINT to that group, it
// leaves no process and no port behind within 10 s, and PostgreSQL outlives
// the worker, so the worker's connections close before the server goes.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort } from "~db/embedded-postgres";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "solido-dev-command-"));
let started: number[] = [];

afterAll(() => {
  // Only if the test failed half-way: nothing of this run may outlive it.
  for (const pid of started) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every live process's parent, from /proc. */
function parents() {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited while we looked
    }
  }
  return parentOf;
}

function descendantsOf(root: number) {
  const parentOf = parents();
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf) if (found.has(ppid) && !found.has(pid)) (found.add(pid), (grew = true));
  }
  return [...found];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    // A zombie has exited; it only waits for its parent to read its status.
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

const commandLine = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
};

/** Whether something still listens on the port (IPv4 or IPv6 loopback). */
async function listening(port: number) {
  const tryHost = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
  return (await tryHost("127.0.0.1")) || (await tryHost("::1"));
}

it("stops every process it started and frees every port after one Ctrl-C, PostgreSQL last", { timeout: 300_000 }, async () => {
  const ports = {
    PORT: await freePort(),
    REMIX_DEV_PORT: await freePort(),
    MAILBOX_SMTP_PORT: await freePort(),
    MAILBOX_HTTP_PORT: await freePort(),
    SANDBOX_PORT: await freePort(),
  };
  // The developer's environment, not this test run's database and settings.
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === "NODE_ENV" || name.startsWith("VITEST") || name === "DATABASE_URL") continue;
    if (/^(APP_URL|SMTP_URL|MAILBOX_|SANDBOX_|XERO_|SESSION_SECRET|TOKEN_ENCRYPTION_KEYS)/.test(name)) continue;
    env[name] = value;
  }
  Object.assign(env, Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), { SOLIDO_DATA_DIR: dataDir });

  let output = "";
  const dev = spawn("npm", ["run", "dev"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  dev.stdout!.on("data", (chunk) => (output += chunk));
  dev.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => dev.once("exit", () => resolve()));

  // Up when the app answers and the banner is printed (bounded only against a hang).
  const upBy = Date.now() + 240_000;
  while (!output.includes("Press Ctrl-C to stop everything")) {
    expect(dev.exitCode, `npm run dev exited early:\n${output}`).toBeNull();
    expect(Date.now(), `npm run dev did not come up:\n${output}`).toBeLessThan(upBy);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const postgresPort = Number(new URL(fs.readFileSync(path.join(dataDir, "postgres.url"), "utf8").trim()).port);
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  started = descendantsOf(dev.pid!);
  const workers = started.filter((pid) => commandLine(pid).includes("jobs/worker.ts"));
  const names = started.map((pid) => commandLine(pid));
  expect(workers.length).toBeGreaterThan(0);
  expect(started).toContain(postmaster);
  expect(names.some((name) => name.includes("remix") && name.includes("dev"))).toBe(true);
  // The app server remix dev runs and restarts: the production server, in development mode.
  expect(names.some((name) => name.includes("scripts/web-server.mjs"))).toBe(true);
  const allPorts = [...Object.values(ports), postgresPort];
  for (const port of allPorts) expect(await listening(port), `port ${port} before Ctrl-C`).toBe(true);

  // One Ctrl-C: the terminal signals the foreground process group.
  const sentAt = Date.now();
  process.kill(-dev.pid!, "SIGINT");
  let workersGoneAt: number | null = null;
  let postmasterGoneAt: number | null = null;
  while (Date.now() - sentAt < 10_000) {
    if (workersGoneAt === null && !workers.some(alive)) workersGoneAt = Date.now();
    if (postmasterGoneAt === null && !alive(postmaster)) postmasterGoneAt = Date.now();
    if (!started.some(alive)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const left = started.filter(alive).map((pid) => `${pid} ${commandLine(pid)}`);
  expect(left, `still running 10 s after Ctrl-C:\n${output}`).toEqual([]);
  await exited;
  const busy: number[] = [];
  for (const port of allPorts) if (await listening(port)) busy.push(port);
  expect(busy, "ports still listened on").toEqual([]);

  expect(workersGoneAt, "the worker stopped").not.toBeNull();
  expect(postmasterGoneAt, "PostgreSQL stopped").not.toBeNull();
  expect(workersGoneAt!).toBeLessThanOrEqual(postmasterGoneAt!);
  expect(output).not.toMatch(/terminating connection due to administrator command|the database system is shutting down/);
});
