// Paces one tenant's Xero calls below Xero's limits (calls per rolling minute,
// per day, and at once), counted across every process: the state is a row per
// tenant in xero_rate_budgets, changed under that row's lock, plus a lease row
// per call in flight. Time is the database's clock, the one every process shares.
import type { TransactionSql } from "postgres";
import { sql } from "~/db.server";
import { env } from "~/env.server";

export type RateLimits = {
  perMinute: number;
  perDay: number;
  concurrent: number;
  /** Length of Xero's rolling minute (shorter only against a time-scaled sandbox). */
  minuteMs: number;
  /** A lease outlives its call by this much, then frees the slot of a process that died mid-call. */
  leaseMs: number;
};

export function configuredLimits(): RateLimits {
  const config = env();
  return {
    perMinute: config.XERO_RATE_LIMIT_MINUTE,
    perDay: config.XERO_RATE_LIMIT_DAY,
    concurrent: config.XERO_RATE_LIMIT_CONCURRENT,
    minuteMs: 60_000 * config.XERO_RATE_LIMIT_TIME_SCALE,
    leaseMs: config.XERO_CALL_TIMEOUT_MS + 5_000,
  };
}

/**
 * Our record of a call starts a moment before Xero counts it (network latency),
 * so it leaves our window a little later than Xero's would, never earlier.
 */
const WINDOW_MARGIN_MS = 250;
/** How long to wait before looking again for a free concurrent slot. */
const SLOT_POLL_MS = 50;
/** A pause Xero asks for that is longer than this ends the run instead of idling a worker. */
export const LONGEST_WAIT_MS = 5 * 60_000;

export type Admission =
  | { admitted: true; leaseIds: string[] }
  | { admitted: false; waitMs: number; reason: "minute" | "day" | "concurrent" | "retry-after" }
  | { admitted: false; refused: "daily_limit"; until: Date | null };

// Moments are read as epoch milliseconds (float8): drizzle has told the shared
// postgres.js client to hand timestamps over as text.
type BudgetRow = {
  starts: number[];
  blockedUntil: number | null;
  blockedBy: string | null;
  dayRemaining: number | null;
  remainingSeenAt: number | null;
  now: number;
};

async function lockBudget(tx: TransactionSql, tenantId: string): Promise<BudgetRow | undefined> {
  const [row] = await tx<BudgetRow[]>`
    select array(select (extract(epoch from s) * 1000)::float8 from unnest(recent_call_starts) s) as starts,
      (extract(epoch from blocked_until) * 1000)::float8 as "blockedUntil", blocked_by as "blockedBy",
      day_remaining as "dayRemaining", (extract(epoch from remaining_seen_at) * 1000)::float8 as "remainingSeenAt",
      (extract(epoch from clock_timestamp()) * 1000)::float8 as now
    from xero_rate_budgets where tenant_id = ${tenantId} for update`;
  return row;
}

/** Arrays travel as JSON text: the shared client, configured by drizzle, cannot bind array parameters. */
const momentsJson = (starts: number[]) => JSON.stringify(starts);

/** Takes up to `wanted` slots at once (at least one, or none and how long to wait): as many as the budget has free now. */
async function tryAdmit(tenantId: string, limits: RateLimits, wanted: number): Promise<Admission> {
  return sql.begin(async (tx) => {
    await tx`insert into xero_rate_budgets (tenant_id) values (${tenantId}) on conflict do nothing`;
    const row = (await lockBudget(tx, tenantId))!;
    const now = row.now;
    const starts = row.starts.filter((start) => start > now - limits.minuteMs - WINDOW_MARGIN_MS);

    if (row.blockedUntil && row.blockedUntil > now) {
      const waitMs = row.blockedUntil - now;
      const until = new Date(row.blockedUntil);
      if (row.blockedBy === "day" || waitMs > LONGEST_WAIT_MS) return { admitted: false, refused: "daily_limit", until };
      return { admitted: false, waitMs, reason: "retry-after" };
    }
    // Xero's own count for the day (X-DayLimit-Remaining), less the calls made since it was read.
    const dayReadRecently = row.remainingSeenAt !== null && now - row.remainingSeenAt < 24 * 60 * limits.minuteMs;
    if (dayReadRecently && row.dayRemaining !== null && row.dayRemaining <= 0) return { admitted: false, refused: "daily_limit", until: null };
    if (starts.length >= limits.perMinute) {
      const oldestThatMustLeave = starts[starts.length - limits.perMinute];
      return { admitted: false, waitMs: oldestThatMustLeave + limits.minuteMs + WINDOW_MARGIN_MS - now, reason: "minute" };
    }
    await tx`delete from xero_call_leases where tenant_id = ${tenantId} and expires_at < clock_timestamp()`;
    const [{ inFlight }] = await tx<{ inFlight: number }[]>`select count(*)::int as "inFlight" from xero_call_leases where tenant_id = ${tenantId}`;
    if (inFlight >= limits.concurrent) return { admitted: false, waitMs: SLOT_POLL_MS, reason: "concurrent" };

    const dayLeft = dayReadRecently && row.dayRemaining !== null ? row.dayRemaining : Infinity;
    const slots = Math.max(1, Math.min(wanted, limits.perMinute - starts.length, limits.concurrent - inFlight, dayLeft));
    for (let slot = 0; slot < slots; slot++) starts.push(now);
    await tx`
      update xero_rate_budgets
      set recent_call_starts = array(select to_timestamp(ms::float8 / 1000) from jsonb_array_elements_text(${momentsJson(starts)}::jsonb) ms),
        day_remaining = day_remaining - ${slots}, updated_at = now()
      where tenant_id = ${tenantId}`;
    const leases = await tx<{ id: string }[]>`
      insert into xero_call_leases (tenant_id, expires_at)
      select ${tenantId}, to_timestamp(${(now + limits.leaseMs) / 1000}::float8) from generate_series(1, ${slots}) returning id`;
    return { admitted: true, leaseIds: leases.map((lease) => lease.id) };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the tenant may make one more call, and takes a slot for it.
 * Refuses (rather than waits) when the day's calls are spent: that wait is hours.
 */
export async function admitCall(
  tenantId: string,
  limits: RateLimits,
): Promise<{ ok: true; leaseId: string; waitedMs: number } | { ok: false; until: Date | null }> {
  const admitted = await admitCalls(tenantId, limits, 1);
  return admitted.ok ? { ok: true, leaseId: admitted.leaseIds[0], waitedMs: admitted.waitedMs } : admitted;
}

/**
 * Waits until the tenant may make more calls, and takes a slot for each of up
 * to `wanted` of them that fit now (at least one): a round of calls booked in
 * one transaction rather than one each.
 */
export async function admitCalls(
  tenantId: string,
  limits: RateLimits,
  wanted: number,
): Promise<{ ok: true; leaseIds: string[]; waitedMs: number } | { ok: false; until: Date | null }> {
  let waitedMs = 0;
  for (;;) {
    const admission = await tryAdmit(tenantId, limits, wanted);
    if (admission.admitted) return { ok: true, leaseIds: admission.leaseIds, waitedMs };
    if ("refused" in admission) return { ok: false, until: admission.until };
    // A little jitter, so processes waiting on one tenant do not wake in lockstep.
    const pause = Math.max(1, admission.waitMs) + Math.random() * 20;
    await sleep(pause);
    waitedMs += pause;
  }
}

export type RateLimitHeaders = {
  minuteRemaining?: number;
  dayRemaining?: number;
  appMinuteRemaining?: number;
  /** From a 429: how long Xero wants us to stop, and which limit was hit. */
  retryAfterMs?: number;
  problem?: string;
};

const headerNumber = (headers: Record<string, unknown>, name: string) => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  const number = Number(value);
  return value === undefined || value === null || value === "" || !Number.isFinite(number) ? undefined : number;
};

export function readRateLimitHeaders(headers: Record<string, unknown>, status: number): RateLimitHeaders {
  const retryAfter = headerNumber(headers, "retry-after");
  return {
    minuteRemaining: headerNumber(headers, "x-minlimit-remaining"),
    dayRemaining: headerNumber(headers, "x-daylimit-remaining"),
    appMinuteRemaining: headerNumber(headers, "x-appminlimit-remaining"),
    ...(status === 429 ? { retryAfterMs: (retryAfter ?? 1) * 1000, problem: String(headers["x-rate-limit-problem"] ?? "minute") } : {}),
  };
}

/**
 * Frees the call's slot and records what Xero said about the budget. When Xero
 * counts more calls this minute than we made (another app process, or the
 * sign-in flow, called it), the difference is booked as calls made now, so
 * pacing stays below Xero's count rather than ours.
 */
export async function finishCall(tenantId: string, leaseId: string, limits: RateLimits, headers: RateLimitHeaders) {
  await finishCalls(tenantId, limits, [{ leaseId, headers }]);
}

/**
 * finishCall for a round of calls, in one transaction. A slot whose call was
 * never made (`headers: null`: the round stopped early) is given back. What
 * Xero said is read from the answers together: the fewest calls it said were
 * left, the longest pause it asked for.
 */
export async function finishCalls(tenantId: string, limits: RateLimits, calls: { leaseId: string; headers: RateLimitHeaders | null }[]) {
  if (calls.length === 0) return;
  const answered = calls.flatMap((call) => (call.headers ? [call.headers] : []));
  const fewest = (pick: (headers: RateLimitHeaders) => number | undefined) => {
    const seen = answered.map(pick).filter((value): value is number => value !== undefined);
    return seen.length > 0 ? Math.min(...seen) : undefined;
  };
  const minuteRemaining = fewest((headers) => headers.minuteRemaining);
  const dayRemaining = fewest((headers) => headers.dayRemaining);
  const appMinuteRemaining = fewest((headers) => headers.appMinuteRemaining);
  const pause = answered.filter((headers) => headers.retryAfterMs !== undefined).sort((a, b) => b.retryAfterMs! - a.retryAfterMs!)[0];
  await sql.begin(async (tx) => {
    const leases = await tx<{ id: string; expiresAt: number }[]>`
      delete from xero_call_leases where id = any(array(select jsonb_array_elements_text(${JSON.stringify(calls.map((call) => call.leaseId))}::jsonb)::uuid))
      returning id, (extract(epoch from expires_at) * 1000)::float8 as "expiresAt"`;
    const expiries = new Map(leases.map((lease) => [lease.id, lease.expiresAt]));
    const row = await lockBudget(tx, tenantId);
    if (!row) return;
    const now = row.now;
    const starts = row.starts.filter((start) => start > now - limits.minuteMs - WINDOW_MARGIN_MS);
    for (const call of calls) {
      // Xero counted the call when it arrived, some time before now: re-booking it
      // at its answer keeps our window from emptying before Xero's does, however
      // slow the call was. A slot never used is simply given back.
      const expiresAt = expiries.get(call.leaseId);
      const started = expiresAt === undefined ? -1 : starts.findIndex((start) => Math.abs(start - (expiresAt - limits.leaseMs)) < 1);
      if (started >= 0) starts.splice(started, 1);
      if (call.headers) starts.push(now);
    }
    if (minuteRemaining !== undefined) {
      const unseen = limits.perMinute - minuteRemaining - starts.length;
      for (let index = 0; index < unseen; index++) starts.push(now);
    }
    const blockedUntil = pause ? new Date(now + pause.retryAfterMs!).toISOString() : null;
    await tx`
      update xero_rate_budgets set
        recent_call_starts = array(select to_timestamp(ms::float8 / 1000) from jsonb_array_elements_text(${momentsJson(starts)}::jsonb) ms),
        minute_remaining = coalesce(${minuteRemaining ?? null}::int, minute_remaining),
        day_remaining = coalesce(${dayRemaining ?? null}::int, day_remaining),
        app_minute_remaining = coalesce(${appMinuteRemaining ?? null}::int, app_minute_remaining),
        remaining_seen_at = case when ${dayRemaining ?? null}::int is null then remaining_seen_at else now() end,
        blocked_until = greatest(blocked_until, ${blockedUntil}::timestamptz),
        blocked_by = case when ${blockedUntil}::timestamptz is null then blocked_by else ${pause?.problem ?? null}::text end,
        updated_at = now()
      where tenant_id = ${tenantId}`;
  });
}
