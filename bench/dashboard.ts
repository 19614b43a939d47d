// `npm run bench:dashboard [-- --explain] [--rate 40] [--seconds 30] [--processes N] [--only text] [--warm 200]`
//
// The admin pages at 100,000 invoices: one workspace with 100k invoices and
// 20k contacts (bench/dashboard-seed.ts) beside a neighbour, the built app
// served as `npm run start:web` serves it (scripts/start-web.mjs: one
// remix-serve process per core, or --processes N), asked over loopback by
// autocannon with a browser's session cookie, accepting gzip:
// 1. every page — the Dashboard (warm, and cold: an invoice changed before
//    every request, so its kept figures are recomputed), the Invoices table
//    (first page, a page 90,000 rows deep, searches, a filter), the Contacts
//    pages, Reminders — as a document and, for client-side navigation, as
//    `.data`, one request at a time: p95 < 50 ms;
// 2. an open-loop mix of those pages at 40 requests a second (autocannon's
//    rate option, each of 40 connections sending one request a second at its
//    own moment, so requests arrive every 25 ms rather than in a burst):
//    p95 < 150 ms.
// With --explain, first prints EXPLAIN ANALYZE for every query those pages
// run, so each index has its plan; BENCH_STATEMENTS=N prints each page's N
// costliest statements over its measured requests (planning time apart). --only runs the pages whose name contains
// the text. Needs `npm run build` first.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { benchDatabase, cpuMsOfTree, runAsProduction } from "./support";
import { seedBenchWorkspaces } from "./dashboard-seed";

const { values: options } = parseArgs({
  options: {
    explain: { type: "boolean", default: false },
    rate: { type: "string", default: "40" },
    seconds: { type: "string", default: "30" },
    processes: { type: "string" },
    only: { type: "string" },
    warm: { type: "string", default: "200" },
  },
});
const RATE = Number(options.rate);
const MIX_SECONDS = Number(options.seconds);
const ALONE_BUDGET_MS = 50;
const MIX_BUDGET_MS = 150;
/** Requests one at a time per page, after WARM_REQUESTS to warm it. */
const ALONE_REQUESTS = 60;
/**
 * A page is measured as a server that has been up a while serves it: every web process has its pool's
 * connections open, has kept the dashboard's figures, and is past PostgreSQL's first five plans of each
 * prepared statement on each connection (postgres.js prepares every statement per connection; the
 * upcoming-reminders statements cost 4–20 ms of planning each of those times and ~1 ms to run after).
 * The warm-up's requests therefore come over one keep-alive connection per web process and one more
 * each: node:cluster hands each connection to one process for good, so warming over one connection
 * warmed one process, and the measured requests, on a new connection, could land on the other, cold
 * one (the Invoices first page then spent 19 ms of PostgreSQL a request, 11 of them planning and 2.5
 * opening connections). 200 requests give each of two processes' 10 connections about ten runs of
 * each statement. `--warm 10` shows a freshly started server.
 */
const WARM_REQUESTS = Number(options.warm);
const WEB_PROCESSES = Number(options.processes ?? os.availableParallelism());

const port = await freePort();
const appUrl = `http://127.0.0.1:${port}`;
const database = await benchDatabase();
runAsProduction({ smtpUrl: "smtp://127.0.0.1:9" });
// The pages read no Xero: its addresses name the discard port.
Object.assign(process.env, {
  APP_URL: appUrl,
  XERO_CLIENT_ID: "solido-bench",
  XERO_CLIENT_SECRET: crypto.randomBytes(24).toString("hex"),
  XERO_IDENTITY_URL: "http://127.0.0.1:9",
  XERO_API_URL: "http://127.0.0.1:9",
});

const admin = postgres(database.url, { max: 2, onnotice: () => {} });
process.on("uncaughtException", async (error) => {
  console.error(error);
  await database.stop();
  process.exit(1);
});
let seconds = performance.now();
const seeded = await seedBenchWorkspaces(admin);
const [owner] = await admin<{ id: string }[]>`insert into users (xero_user_id, email, given_name) values ('bench-owner', 'owner@bench.test', 'Bench') returning id`;
await admin`insert into memberships (workspace_id, user_id, role) select id, ${owner.id}, 'owner' from workspaces`;
const [counts] = await admin<{ invoices: number; contacts: number }[]>`
  select (select count(*) from invoices where workspace_id = ${seeded.workspaceId})::int as invoices,
         (select count(*) from contacts where workspace_id = ${seeded.workspaceId})::int as contacts`;
console.log(`seeded ${counts.invoices.toLocaleString("en")} invoices and ${counts.contacts.toLocaleString("en")} contacts in ${((performance.now() - seconds) / 1000).toFixed(1)}s`);

// With --explain, the app's pool is one that records its statements: it must be in place before
// anything imports app/server/db.server.ts (the session module below does), which keeps the first it finds.
const recorded: { query: string; parameters: unknown[] }[] = [];
const recordingSql = options.explain ? await recordingPool() : undefined;
const { signInCookie } = await import("~/http/session.server");
const cookie = (await signInCookie(new Request("http://localhost/"), owner.id)).split(";")[0];
/** A browser's request for the page: the signed-in owner's session cookie, and compressed bodies accepted. */
const browserHeaders = {
  Cookie: cookie,
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Accept-Encoding": "gzip, deflate",
  // A browser's, so the document is streamed as it is to people (a bot's waits for everything).
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

// A cursor ~90,000 rows into the due date order of all invoices (status=all; the list opens on the unpaid ones): the page a user reaches by paging far.
const { encodeCursor } = await import("~/models/keyset.server");
const [deep] = await admin<{ id: string; sortValue: string }[]>`
  select id, coalesce(due_date, 'infinity'::date)::text as "sortValue" from invoices where workspace_id = ${seeded.workspaceId}
  order by coalesce(due_date, 'infinity'::date), id offset 90000 limit 1`;
const base = `/w/${seeded.slug}`;
const [touched] = await admin<{ id: string }[]>`select id from invoices where workspace_id = ${seeded.workspaceId} and status = 'AUTHORISED' limit 1`;
/** A change to one of the workspace's invoices (as a sync would make): the dashboard's cached sums are stale after it. */
const changeAnInvoice = () => admin`update invoices set amount_due = amount_due + 0.01 where id = ${touched.id}`;
const COLD = "Dashboard, cold (an invoice changed before each request)";
const allPages: [string, string][] = [
  ["Dashboard", base],
  [COLD, base],
  ["Invoices, first page", `${base}/invoices`],
  ["Invoices, page at row 90,000", `${base}/invoices?status=all&after=${encodeCursor(deep)}`],
  ["Invoices, search by customer", `${base}/invoices?q=harbour+plumbing`],
  ["Invoices, search by number", `${base}/invoices?q=INV-04217`],
  ["Invoices, overdue by amount", `${base}/invoices?status=overdue&sort=amount&dir=desc`],
  ["Contacts, first page", `${base}/contacts`],
  ["Contacts, owing", `${base}/contacts?state=owing`],
  ["Contact page", `${base}/contacts/${seeded.contactId}`],
  ["Reminders", `${base}/reminders`],
  // Client-side navigation: the loaders' data alone (Remix single fetch), no HTML rendering.
  ["Dashboard .data", `${base}.data`],
  ["Invoices, first page .data", `${base}/invoices.data`],
  ["Invoices, page at row 90,000 .data", `${base}/invoices.data?status=all&after=${encodeCursor(deep)}`],
  ["Contacts, first page .data", `${base}/contacts.data`],
];
const pages = allPages.filter(([name]) => !options.only || name.includes(options.only));

if (options.explain) await explainPages();

// BENCH_WEB_NODE_FLAGS adds node flags to the web server, e.g. a profiler preload to see where its time goes.
const webFlags = (process.env.BENCH_WEB_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
const web = spawn(process.execPath, [...webFlags, "scripts/start-web.mjs", "./build/index.js"], {
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: database.url,
    SOLIDO_PROCESS: "solido-bench-web",
    ...(options.processes ? { WEB_CONCURRENCY: options.processes } : {}),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  await waitForApp(appUrl);
  const rows: string[][] = [];
  let failed = false;
  for (const [name, path] of pages) {
    const before = name === COLD ? changeAnInvoice : undefined;
    await load({ url: `${appUrl}${path}`, connections: 2 * WEB_PROCESSES, amount: WARM_REQUESTS, beforeEach: before });
    await database.statements.reset();
    const cpuBefore = serverCpu();
    const { latencies } = await load({ url: `${appUrl}${path}`, connections: 1, amount: ALONE_REQUESTS, beforeEach: before });
    const cpu = cpuPerRequest(cpuBefore, serverCpu(), latencies.length);
    await database.statements.print(`${name}, ${ALONE_REQUESTS} requests`);
    const ok = at(latencies, 0.95) < ALONE_BUDGET_MS;
    failed ||= !ok;
    rows.push([name, ...[0.5, 0.95].map((fraction) => at(latencies, fraction).toFixed(1)), latencies[latencies.length - 1].toFixed(1), cpu, ok ? "yes" : "NO"]);
  }
  const processes = options.processes ?? String(os.availableParallelism());
  const load1 = () => os.loadavg().map((figure) => figure.toFixed(2)).join(" ");
  console.log(`\n${processes} web process(es) on ${os.availableParallelism()} cores shared with PostgreSQL and this client; load average ${load1()}.`);
  console.log(`\n1. Each page alone: ${ALONE_REQUESTS} requests one at a time after ${WARM_REQUESTS} to warm it; latency in ms from the request's write to its last byte. "CPU/req": the web processes' + PostgreSQL's CPU per request, ms.\n`);
  printTable(["Page", "p50", "p95", "max", "CPU/req", `p95 < ${ALONE_BUDGET_MS}`], rows);

  // 2. The mix: every page but the cold dashboard (a sync does not change an invoice before every request).
  const mixPages = pages.filter(([name]) => name !== COLD).map(([, path]) => path);
  const cpuBefore = serverCpu();
  const mix = await load({ url: appUrl, paths: mixPages, connections: RATE, rate: RATE, seconds: MIX_SECONDS });
  const cpu = cpuPerRequest(cpuBefore, mix.cpuAfter, mix.latencies.length);
  const ok = at(mix.latencies, 0.95) < MIX_BUDGET_MS;
  failed ||= !ok;
  console.log(`\n2. Open loop, ${mixPages.length} pages in turn at ${RATE} requests/s for ${MIX_SECONDS} s (${mix.latencies.length} requests, ${(mix.latencies.length / mix.seconds).toFixed(1)}/s sent and answered); load average ${load1()}\n`);
  printTable(
    ["Mix", "p50", "p95", "p99", "max", "CPU/req", `p95 < ${MIX_BUDGET_MS}`],
    [[`${RATE} requests/s`, ...[0.5, 0.95, 0.99].map((fraction) => at(mix.latencies, fraction).toFixed(1)), mix.latencies[mix.latencies.length - 1].toFixed(1), cpu, ok ? "yes" : "NO"]],
  );
  process.exitCode = failed ? 1 : 0;
} finally {
  web.kill("SIGTERM");
  await admin.end();
  await database.stop();
}

function at(sorted: number[], fraction: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function cpuPerRequest(before: ReturnType<typeof serverCpu>, after: ReturnType<typeof serverCpu>, requests: number) {
  if (!before || !after) return "n/a";
  return `${((after.web - before.web) / requests).toFixed(1)} + ${((after.database - before.database) / requests).toFixed(1)}`;
}

type Load = { url: string; connections: number; amount?: number; beforeEach?: () => Promise<unknown>; paths?: string[]; rate?: number; seconds?: number };

/**
 * Requests over `connections` keep-alive connections, sent by autocannon, which
 * writes requests and counts response bytes without decoding them, so the load
 * generator takes as little as it can of the cores it shares with the server:
 * `amount` of them as fast as answers come, or, with `rate`, that many a second
 * for `seconds`, connection i sending at i/rate past each second (open loop:
 * a slow answer does not hold back the next request's moment on the others).
 * `paths` are asked in turn, each connection starting at a different one.
 * Returns each request's latency (ms, from its write to its last byte), sorted,
 * the seconds from the first write to the last answer, and the servers' CPU
 * then. Every response must be a 200 with a body.
 */
async function load({ url, connections, amount, beforeEach, paths, rate, seconds: duration }: Load) {
  const latencies: number[] = [];
  let failure: string | undefined;
  let cpuAfter: ReturnType<typeof serverCpu>;
  let finished = 0;
  const started = performance.now();
  let clients = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url,
        connections,
        ...(amount ? { amount } : { duration }),
        ...(rate ? { overallRate: rate } : {}),
        ...(paths ? { requests: paths.map((path) => ({ method: "GET" as const, path })) } : {}),
        headers: browserHeaders,
        timeout: 30,
        // The run is noticed to be over at autocannon's next sample; the figures below stop at the last answer anyway.
        sampleInt: 50,
        verifyBody: (body) => Boolean(body?.length),
        setupClient: (client) => {
          const index = clients++;
          if (paths) for (let turn = 0; turn < index % paths.length; turn++) (client as unknown as { requestIterator: { nextRequest(): void } }).requestIterator.nextRequest();
          if (rate) staggerRequests(client, started + (index * 1000) / rate);
          if (beforeEach) beforeEachRequest(client, beforeEach);
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    run.on("response", (_client, statusCode, _bytes, milliseconds) => {
      if (statusCode !== 200) failure ??= `${url} answered ${statusCode}`;
      latencies.push(milliseconds);
      finished = performance.now();
      if (latencies.length === amount) cpuAfter = serverCpu();
    });
  });
  if (!amount) cpuAfter = serverCpu();
  if (failure) throw new Error(failure);
  if (result.errors || result.timeouts || result.mismatches || (amount && latencies.length !== amount)) {
    throw new Error(`${url}: ${latencies.length} of ${amount ?? "the"} requests answered; ${result.errors} errors, ${result.timeouts} timeouts, ${result.mismatches} empty bodies`);
  }
  return { latencies: latencies.sort((a, b) => a - b), seconds: (finished - started) / 1000, cpuAfter };
}

/**
 * Sends the client's requests at `firstAt` and then once a second after it
 * (performance.now() times): autocannon's rate option lets each connection
 * send its share at the start of every second, so 40 connections at one a
 * second would arrive together; each is moved to its own moment instead.
 * autocannon starts a request's clock in `_doRequest`, so the wait is not
 * counted as latency.
 */
function staggerRequests(client: autocannon.Client, firstAt: number) {
  const internals = client as autocannon.Client & { _doRequest(): void; destroyed: boolean; reqsMadeThisSecond: number };
  const send = internals._doRequest.bind(client);
  let next = firstAt;
  internals._doRequest = () => {
    const now = performance.now();
    while (next < now) next += 1000;
    const at = next;
    next += 1000;
    setTimeout(() => {
      if (internals.destroyed) return;
      // This moment is the connection's one request of its second: autocannon's per-second count
      // restarts on its own clock, which these moments do not follow.
      internals.reqsMadeThisSecond = 0;
      send();
    }, at - now);
  };
}

/**
 * Runs `beforeEach` before every request the client writes, outside the
 * request's time: autocannon starts a request's clock in the client's
 * `_doRequest` (which also sends the next request as soon as an answer ends),
 * so it is wrapped here — it has no public hook that can wait.
 */
function beforeEachRequest(client: autocannon.Client, beforeEach: () => Promise<unknown>) {
  const internals = client as autocannon.Client & { _doRequest(): void };
  const send = internals._doRequest.bind(client);
  internals._doRequest = () => {
    beforeEach().then(send, (error) => {
      console.error(error);
      process.exit(1);
    });
  };
}

/** CPU milliseconds so far of the web server's process tree and the embedded PostgreSQL's. */
function serverCpu() {
  const postmasterFile = path.join(os.tmpdir(), `solido-bench-${process.pid}`, "postmaster.pid");
  if (!web.pid || !fs.existsSync(postmasterFile)) return undefined;
  const postmaster = Number(fs.readFileSync(postmasterFile, "utf8").split("\n")[0]);
  return { web: cpuMsOfTree(web.pid), database: cpuMsOfTree(postmaster) };
}

/**
 * Runs each page's loader in this process once with a pool that records its
 * statements, then prints EXPLAIN (ANALYZE, BUFFERS) for each — the plans the
 * indexes in db/schema.ts are there for.
 */
async function recordingPool() {
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const schema = await import("~db/schema");
  const sql = postgres(database.url, { max: 4, onnotice: () => {}, debug: (_connection, query, parameters) => recorded.push({ query, parameters }) });
  // db.server keeps its pool here: this one records what the loaders run.
  (globalThis as { __solidoDb?: unknown }).__solidoDb = { db: drizzle(sql, { schema }), sql, close: () => sql.end() };
  return sql;
}

async function explainPages() {
  const sql = recordingSql!;
  const routes: Record<string, () => Promise<{ loader: (args: never) => Promise<unknown> }>> = {
    Dashboard: () => import("~/routes/w.$workspaceSlug._index"),
    Invoices: () => import("~/routes/w.$workspaceSlug.invoices"),
    Contacts: () => import("~/routes/w.$workspaceSlug.contacts"),
    "Contact page": () => import("~/routes/w.$workspaceSlug.contacts_.$contactId"),
    Reminders: () => import("~/routes/w.$workspaceSlug.reminders"),
  };
  for (const [name, path] of pages.filter(([name]) => !name.endsWith(".data"))) {
    const route = await routes[Object.keys(routes).find((prefix) => name.startsWith(prefix))!]();
    if (name === COLD) await changeAnInvoice();
    recorded.length = 0;
    const url = new URL(path, "http://localhost");
    await route.loader({ request: new Request(url, { headers: { Cookie: cookie } }), params: { workspaceSlug: seeded.slug, contactId: seeded.contactId }, context: {} } as never);
    console.log(`\n════ ${name}: ${path}`);
    // The membership check and workspace lookups are primary-key reads: skip them to keep the output to the page's own queries.
    for (const { query, parameters } of recorded.filter(({ query }) => !/from "(users|workspaces)"|"xero_connections"|"sync_runs"|pg_catalog/.test(query))) {
      const plan = await sql.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers, costs off) ${query}`, parameters as never[]);
      console.log(`\n${query.replace(/\s+/g, " ").trim().slice(0, 400)}\n${plan.map((row) => row["QUERY PLAN"]).join("\n")}`);
      // postgres.js prepares every statement, and after five runs PostgreSQL may keep one plan for any parameters:
      // the plan it would keep, so a query whose good plan depends on its parameters' values shows here.
      if (parameters.length > 0) {
        const generic = await sql.unsafe<{ "QUERY PLAN": string }[]>(`explain (generic_plan, costs off) ${query}`);
        console.log(`generic plan:\n${generic.map((row) => row["QUERY PLAN"]).join("\n")}`);
      }
    }
  }
  await sql.end();
}

async function waitForApp(url: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${url}/healthz`)).status < 600) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`The app did not start at ${url}`);
}

function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
  console.log([line(header), `|${widths.map((width, column) => (column === 0 ? "-" + "-".repeat(width) + "-" : "-".repeat(width + 1) + ":")).join("|")}|`, ...rows.map(line)].join("\n"));
}
