// What /healthz reports: can the app reach its database, is a worker
// process alive to sync and send, and are reminder emails going out? The database decides up or down; a silent
// worker only degrades, since pages still load without it.
import { sql } from "~/server/db.server";
import { sendingHealth, type SendingHealth } from "~/reminders/sending-state.server";
import { countXeroConnections, type ConnectionCount } from "~/xero/connection-count.server";

/** Workers beat every 15 seconds (jobs/heartbeat.ts); two minutes of silence means none is running. */
export const WORKER_ALIVE_WITHIN_SECONDS = 120;
const DATABASE_TIMEOUT_MS = 3_000;

export type Health = {
  status: "ok" | "degraded" | "down";
  /** `error` is only ever "unavailable": the cause is logged, never shown. */
  database: { ok: boolean; latencyMs: number; error?: "unavailable" };
  worker: { lastHeartbeatAt: string | null; secondsAgo: number | null; alive: boolean; aliveWorkers: number };
  /** Xero organisations connected, against the app's cap (the 26th is refused while uncertified); for the operator. */
  xeroConnections?: ConnectionCount;
  /** Whether reminder emails are going out: counts only, never the mail server's words (they go to the log). */
  sending?: SendingHealth;
};

function withTimeout<T>(promise: Promise<T>, ms: number) {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    await withTimeout(sql`select 1`, DATABASE_TIMEOUT_MS);
  } catch (error) {
    // The endpoint is public: the driver's words (hosts, ports, user names, server messages) go to the log, not to whoever asked.
    console.error(`healthz: the database did not answer: ${error instanceof Error ? error.message : String(error)}`);
    return {
      status: "down",
      database: { ok: false, latencyMs: Math.round(performance.now() - started), error: "unavailable" },
      worker: { lastHeartbeatAt: null, secondsAgo: null, alive: false, aliveWorkers: 0 },
    };
  }
  const latencyMs = Math.round(performance.now() - started);

  // The database's clock for both ends, so app/database clock skew can't fake a live worker.
  // Epoch milliseconds, not timestamptz: drizzle turns postgres.js's date parsing off on the shared pool.
  const [beat] = await sql<{ last_beat_ms: number | null; seconds_ago: number | null; alive_workers: number }[]>`
    select (extract(epoch from max(last_beat_at)) * 1000)::float8 as last_beat_ms,
           extract(epoch from now() - max(last_beat_at))::float8 as seconds_ago,
           count(*) filter (where last_beat_at > now() - make_interval(secs => ${WORKER_ALIVE_WITHIN_SECONDS}))::int as alive_workers
    from worker_heartbeats`;
  const aliveWorkers = beat?.alive_workers ?? 0;
  const [xeroConnections, sending] = await Promise.all([countXeroConnections(), sendingHealth()]);
  return {
    // Emails held for a refused SMTP login go nowhere until someone acts: degraded, as a silent worker is.
    status: aliveWorkers > 0 && sending.status !== "held" ? "ok" : "degraded",
    database: { ok: true, latencyMs },
    worker: {
      lastHeartbeatAt: beat?.last_beat_ms == null ? null : new Date(beat.last_beat_ms).toISOString(),
      secondsAgo: beat?.seconds_ago == null ? null : Math.round(beat.seconds_ago),
      alive: aliveWorkers > 0,
      aliveWorkers,
    },
    xeroConnections,
    sending,
  };
}
