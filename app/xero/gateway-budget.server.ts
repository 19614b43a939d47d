// Paces one tenant's Xero calls below Xero's limits (calls per rolling minute,
// per day, and at once), counted across every process: the state is a row per
// tenant in xero_rate_budgets, changed under that row's lock, plus a lease row
// per call in flight. Time is the database's clock, the one every process shares.
import type { TransactionSql } from "postgres";
import { sql } from "~/server/db.server";
import { env } from "~/server/env.server";

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
 * A call is booked into the rolling minute at the latest moment Xero can have
 * counted it (see finishCalls), so it never leaves our window before Xero's.
 * The margin only absorbs rounding and the two clocks' rates.
 */
const WINDOW_MARGIN_MS = 100;
/** How long to wait before looking again for a free concurrent slot. */
const SLOT_POLL_MS = 50;
/** A pause Xero asks for that is longer than this ends the run instead of idling a worker. */
export const LONGEST_WAIT_MS = 5 * 60_000;

/**
 * A call's place in the budget: its lease, and when it was admitted, on the
 * database's clock and on this process's monotonic clock (read just before
 * asking, so it is no later than the database's moment).
 */
export type CallSlot = { leaseId: string; admittedAt: number; askedAt: number };

export type Admission =
  | { admitted: true; leaseIds: string[]; admittedAt: number }
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
  /** Other calls in flight: unexpired leases, not counting the caller's own. */
  inFlight: number;
  /** When leases ran out whose process died mid-call. */
  expiredLeases: number[];
};

/** Arrays travel as JSON text: the shared client, configured by drizzle, cannot bind array parameters. */
const momentsJson = (starts: number[]) => JSON.stringify(starts);
const momentsArray = (starts: number[]) => sql`array(select to_timestamp(ms::float8 / 1000) from jsonb_array_elements_text(${momentsJson(starts)}::jsonb) ms)`;
const idArray = (ids: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/**
 * Locks the tenant's budget row, then reads its leases and the database's
 * clock. The leases are read by a second statement, sent with the first: a
 * statement that waited for the lock still sees the leases as they were when
 * it began, missing a call admitted meanwhile. Every change to a tenant's
 * leases happens under this lock, taken first, so these transactions cannot
 * deadlock.
 */
async function lockBudget(tx: TransactionSql, tenantId: string, ownLeaseIds: string[] = []): Promise<BudgetRow | undefined> {
  const [[budget], [leases]] = await Promise.all([
    tx<Omit<BudgetRow, "now" | "inFlight" | "expiredLeases">[]>`
      select array(select (extract(epoch from s) * 1000)::float8 from unnest(recent_call_starts) s) as starts,
        (extract(epoch from blocked_until) * 1000)::float8 as "blockedUntil", blocked_by as "blockedBy",
        day_remaining as "dayRemaining", (extract(epoch from remaining_seen_at) * 1000)::float8 as "remainingSeenAt"
      from xero_rate_budgets where tenant_id = ${tenantId} for update`,
    tx<Pick<BudgetRow, "now" | "inFlight" | "expiredLeases">[]>`
      select (extract(epoch from clock.at) * 1000)::float8 as now,
        (select count(*)::int from xero_call_leases lease
          where lease.tenant_id = ${tenantId} and lease.expires_at >= clock.at and lease.id <> all(${idArray(ownLeaseIds)})) as "inFlight",
        array(select (extract(epoch from lease.expires_at) * 1000)::float8 from xero_call_leases lease
          where lease.tenant_id = ${tenantId} and lease.expires_at < clock.at) as "expiredLeases"
      from (select clock_timestamp() as at) clock`,
  ]);
  return budget && { ...budget, ...leases };
}

/** Bookings kept beyond the minute, so a response's X-MinLimit-Remaining can be compared with the calls Xero saw then. */
const keptMs = (limits: RateLimits) => 2 * limits.minuteMs + WINDOW_MARGIN_MS;

/**
 * The calls booked into the tenant's recent minutes, oldest first. A lease
 * that outlived its call belongs to a process that died mid-call: Xero
 * counted that call, if at all, before the lease ran out.
 */
const bookingsOf = (row: BudgetRow, limits: RateLimits) =>
  [...row.starts, ...row.expiredLeases].filter((at) => at > row.now - keptMs(limits)).sort((a, b) => a - b);

/** The expired leases read in `row`, now booked; one expiring within a rounding of that moment waits for the next time. */
const expiredLeasesOf = (tenantId: string, row: BudgetRow) =>
  sql`tenant_id = ${tenantId} and expires_at < to_timestamp(${(row.now - 1) / 1000}::float8)`;

/** Takes up to `wanted` slots at once (at least one, or none and how long to wait): as many as the budget has free now. */
async function tryAdmit(tenantId: string, limits: RateLimits, wanted: number): Promise<Admission> {
  return sql.begin(async (tx) => {
    let row = await lockBudget(tx, tenantId);
    if (!row) {
      await tx`insert into xero_rate_budgets (tenant_id) values (${tenantId}) on conflict do nothing`;
      row = (await lockBudget(tx, tenantId))!;
    }
    const now = row.now;

    if (row.blockedUntil && row.blockedUntil > now) {
      const waitMs = row.blockedUntil - now;
      const until = new Date(row.blockedUntil);
      if (row.blockedBy === "day" || waitMs > LONGEST_WAIT_MS) return { admitted: false, refused: "daily_limit", until };
      return { admitted: false, waitMs, reason: "retry-after" };
    }
    // Xero's own count for the day (X-DayLimit-Remaining), less the calls made since it was read.
    const dayReadRecently = row.remainingSeenAt !== null && now - row.remainingSeenAt < 24 * 60 * limits.minuteMs;
    if (dayReadRecently && row.dayRemaining !== null && row.dayRemaining <= 0) return { admitted: false, refused: "daily_limit", until: null };

    const bookings = bookingsOf(row, limits);
    // Calls in flight hold a place in the minute until they are booked at their answer.
    const inWindow = bookings.filter((at) => at > now - limits.minuteMs - WINDOW_MARGIN_MS);
    const used = inWindow.length + row.inFlight;
    if (used >= limits.perMinute) {
      const mustLeave = inWindow[used - limits.perMinute];
      const waitMs = mustLeave === undefined ? SLOT_POLL_MS : mustLeave + limits.minuteMs + WINDOW_MARGIN_MS - now;
      return { admitted: false, waitMs, reason: "minute" };
    }
    if (row.inFlight >= limits.concurrent) return { admitted: false, waitMs: SLOT_POLL_MS, reason: "concurrent" };

    const dayLeft = dayReadRecently && row.dayRemaining !== null ? row.dayRemaining : Infinity;
    const slots = Math.max(1, Math.min(wanted, limits.perMinute - used, limits.concurrent - row.inFlight, dayLeft));
    const leases = await tx<{ id: string }[]>`
      with released as (delete from xero_call_leases where ${expiredLeasesOf(tenantId, row)}),
        booked as (
          update xero_rate_budgets set recent_call_starts = ${momentsArray(bookings)}, day_remaining = day_remaining - ${slots}, updated_at = now()
          where tenant_id = ${tenantId})
      insert into xero_call_leases (tenant_id, expires_at)
      select ${tenantId}, to_timestamp(${(now + limits.leaseMs) / 1000}::float8) from generate_series(1, ${slots}) returning id`;
    return { admitted: true, leaseIds: leases.map((lease) => lease.id), admittedAt: now };
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
): Promise<{ ok: true; slot: CallSlot; waitedMs: number } | { ok: false; until: Date | null }> {
  const admitted = await admitCalls(tenantId, limits, 1);
  return admitted.ok ? { ok: true, slot: admitted.slots[0], waitedMs: admitted.waitedMs } : admitted;
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
): Promise<{ ok: true; slots: CallSlot[]; waitedMs: number } | { ok: false; until: Date | null }> {
  let waitedMs = 0;
  for (;;) {
    const askedAt = performance.now();
    const admission = await tryAdmit(tenantId, limits, wanted);
    if (admission.admitted) {
      return { ok: true, slots: admission.leaseIds.map((leaseId) => ({ leaseId, admittedAt: admission.admittedAt, askedAt })), waitedMs };
    }
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

/** How a call ended, for the budget: what Xero said (null: the call was never made), and when its answer arrived (performance.now(); undefined when none did). */
export type FinishedCall = { slot: CallSlot; headers: RateLimitHeaders | null; answeredAt?: number };

/** finishCalls for one call. */
export async function finishCall(tenantId: string, limits: RateLimits, call: FinishedCall) {
  await finishCalls(tenantId, limits, [call]);
}

/**
 * Frees a round of calls' slots, books the calls made into the rolling minute,
 * and records what Xero said about the budget, in one transaction. A slot
 * whose call was never made (`headers: null`: the round stopped early) is
 * given back. What Xero said is read from the answers together: the fewest
 * calls it said were left, the longest pause it asked for.
 *
 * Xero counts a call when it arrives, which is after we were admitted and
 * before its answer reached us. So a call is booked at the admission's
 * database moment plus the time from just before asking for admission to the
 * answer: never earlier than Xero's count, and later only by the answer's way
 * back (not by its parsing and this transaction's wait, as booking now
 * would). A call without an answer (a time-out) is booked now.
 *
 * When Xero counted more calls in its minute than we made (another app
 * process, or the sign-in flow, called it), the difference is booked as calls
 * made now, so pacing stays below Xero's count rather than ours.
 */
export async function finishCalls(tenantId: string, limits: RateLimits, calls: FinishedCall[]) {
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
  const leaseIds = calls.map((call) => call.slot.leaseId);
  await sql.begin(async (tx) => {
    const row = await lockBudget(tx, tenantId, leaseIds);
    if (!row) {
      await tx`delete from xero_call_leases where id = any(${idArray(leaseIds)})`;
      return;
    }
    const now = row.now;
    const bookings = bookingsOf(row, limits);
    for (const { slot, headers, answeredAt } of calls) {
      if (headers) bookings.push(answeredAt === undefined ? now : Math.min(now, slot.admittedAt + (answeredAt - slot.askedAt)));
    }
    bookings.sort((a, b) => a - b);
    if (minuteRemaining !== undefined) {
      // Xero's count when a call arrived covers the calls that arrived in the minute before it, all booked after the earliest admission's minute began.
      const admittedFrom = Math.min(...calls.map((call) => call.slot.admittedAt));
      const ours = bookings.filter((at) => at > admittedFrom - limits.minuteMs).length + row.inFlight;
      const unseen = limits.perMinute - minuteRemaining - ours;
      for (let index = 0; index < unseen; index++) bookings.push(now);
    }
    const blockedUntil = pause ? new Date(now + pause.retryAfterMs!).toISOString() : null;
    await tx`
      with released as (delete from xero_call_leases where id = any(${idArray(leaseIds)}) or (${expiredLeasesOf(tenantId, row)}))
      update xero_rate_budgets set
        recent_call_starts = ${momentsArray(bookings)},
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
