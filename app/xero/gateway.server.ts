// The one module that calls Xero's Accounting API for a workspace. Each call:
// a fresh token (the shared refresh function), the tenant header, a slot in
// the tenant's budget (shared by all processes), the response's bytes and
// rate-limit headers recorded, and Xero's bad days turned into bounded
// retries or a typed error the Settings page can explain.
import { eq } from "drizzle-orm";
import type { AxiosResponse } from "axios";
import type { XeroClient } from "xero-node";
import { xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import { recordAudit } from "~/models/audit-log.server";
import { openToken } from "~/xero/token-vault.server";
import { readXeroFailure } from "./errors.server";
import { admitCall, admitCalls, configuredLimits, finishCall, finishCalls, readRateLimitHeaders, LONGEST_WAIT_MS, type FinishedCall, type RateLimits } from "./gateway-budget.server";
import { BatchPacing } from "./gateway-pacing.server";
import { metered, type CallMeter } from "./gateway-metering.server";
import { accessTokenFor, xeroClientWith, type AccessToken, type NoAccess } from "./tokens.server";

/** Why a Xero call could not be made or did not succeed, in words the Settings page shows. */
export type XeroErrorCode =
  /** The workspace has no Xero connection. */
  | "not_connected"
  /** Someone disconnected the workspace in Solido. */
  | "disconnected"
  /** Xero refused the refresh token: an admin must reconnect. */
  | "needs_reconnect"
  /** Xero no longer lists the organisation for Solido: it was disconnected in Xero. */
  | "disconnected_in_xero"
  /** Xero refused a call for want of a scope (401 AuthorizationUnsuccessful, or 403 though the organisation is connected); reconnect to grant it. */
  | "missing_permission"
  /** Xero's daily call limit for the organisation is spent; the next scheduled sync tries again. */
  | "daily_limit"
  /** Xero kept answering 429 after every pause it asked for. */
  | "rate_limited"
  /** Xero kept failing (5xx, time-outs, unreadable answers) after several tries. */
  | "xero_unavailable"
  /** Xero refused the request itself (400/404): a bug to report, not something the user can fix. */
  | "rejected";

/** `type`: Xero's own error Type from a refusal's body (e.g. HighVolumeException), for callers that can ask differently. */
export type XeroError = { code: XeroErrorCode; message: string; status?: number; type?: string };
export type XeroResult<T> = { ok: true; value: T } | { ok: false; error: XeroError };

/** What a sync run spent on Xero, added up call by call. */
export type CallCounts = { calls: number; bytes: number; rateLimitHits: number };
export const noCalls = (): CallCounts => ({ calls: 0, bytes: 0, rateLimitHits: 0 });

export type XeroAnswer<T> = {
  body: T;
  /** The parsed JSON as Xero sent it (PascalCase), for what xero-node's models drop. */
  data: Record<string, unknown>;
  /** Xero's clock when it answered (the envelope's DateTimeUTC, else the Date header). */
  serverTime: Date;
};

type Request<T> = (client: XeroClient, tenantId: string) => Promise<{ response: AxiosResponse; body: T }>;

export type RetryPolicy = {
  /** Tries for 5xx, time-outs, dropped connections and unreadable bodies. */
  attempts: number;
  /** First backoff; doubles each try, with full jitter. */
  baseDelayMs: number;
  /** 429s in a row (each after the pause Xero asked for) before giving up. */
  rateLimitedAttempts: number;
};

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, rateLimitedAttempts: 10 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Xero's "/Date(1552326816230+0000)/". */
export function fromMicrosoftDate(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const match = /\/Date\((-?\d+)/.exec(value);
  return match ? new Date(Number(match[1])) : undefined;
}

const refusal = (code: XeroErrorCode, message: string, status?: number): { ok: false; error: XeroError } => ({
  ok: false,
  error: { code, message, ...(status ? { status } : {}) },
});

/**
 * A gateway for one workspace. `counts` accumulates every call it makes (the
 * sync run's cost); pass the same object to each gateway a run opens.
 */
export function xeroGateway(workspaceId: string, counts: CallCounts = noCalls(), options: { limits?: RateLimits; retry?: RetryPolicy } = {}) {
  const limits = options.limits ?? configuredLimits();
  const retry = options.retry ?? DEFAULT_RETRY;

  /** One HTTP exchange with Xero, its slot in the budget taken by the caller. */
  async function attempt<T>(tenantId: string, accessToken: string, request: Request<T>): Promise<Outcome<T>> {
    const meter: CallMeter = { bytes: 0, timeoutMs: env().XERO_CALL_TIMEOUT_MS };
    counts.calls++;
    try {
      const { response, body } = await metered(meter, () => request(xeroClientWith(accessToken), tenantId));
      return { kind: "answer", status: response.status, body, data: response.data as unknown, headers: response.headers as Record<string, unknown>, answeredAt: meter.answeredAt };
    } catch (error) {
      const failure = readXeroFailure(error);
      return { kind: "failure", status: failure.status, body: failure.body, headers: failure.headers, message: failure.message, answeredAt: meter.answeredAt };
    } finally {
      counts.bytes += meter.bytes;
    }
  }

  /** One HTTP exchange with Xero, inside the tenant's budget. */
  async function exchange<T>(tenantId: string, accessToken: string, request: Request<T>): Promise<Outcome<T> | { kind: "daily_limit"; until: Date | null }> {
    const admitted = await admitCall(tenantId, limits);
    if (!admitted.ok) return { kind: "daily_limit" as const, until: admitted.until };
    const outcome = await attempt(tenantId, accessToken, request);
    await finishCall(tenantId, limits, { slot: admitted.slot, headers: readRateLimitHeaders(outcome.headers, outcome.status), answeredAt: outcome.answeredAt });
    return outcome;
  }

  /** After a 401: forget the access token Xero refused (unless another caller already replaced it). */
  async function discardAccessToken(refused: string) {
    await db.transaction(async (tx) => {
      const [connection] = await tx.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId)).for("update");
      if (connection?.accessTokenSealed && openToken(connection.accessTokenSealed) === refused) {
        await tx.update(xeroConnections).set({ accessTokenExpiresAt: new Date(0) }).where(eq(xeroConnections.id, connection.id));
      }
    });
  }

  /**
   * After a 403: is the organisation still connected to Solido at Xero? If not,
   * the workspace is marked disconnected (its data stays) and syncing stops.
   */
  async function explainForbidden(tenantId: string, accessToken: string): Promise<XeroError> {
    counts.calls++;
    const tenants = await xeroClientWith(accessToken)
      .updateTenants(false)
      .catch(() => undefined);
    if (tenants && !tenants.some((tenant: { tenantId?: string }) => tenant.tenantId === tenantId)) {
      await db.transaction(async (tx) => {
        const [connection] = await tx
          .update(xeroConnections)
          .set({ status: "disconnected", disconnectedAt: new Date() })
          .where(eq(xeroConnections.workspaceId, workspaceId))
          .returning({ id: xeroConnections.id });
        if (connection) {
          await recordAudit(tx, { workspaceId, userId: null, action: "xero.disconnected", detail: { tenantId, by: "xero", reason: "Xero answered 403: the organisation is no longer connected" } });
        }
      });
      return { code: "disconnected_in_xero", message: "The organisation was disconnected from Solido in Xero. Connect Xero again to resume syncing.", status: 403 };
    }
    return missingPermission(403);
  }

  /**
   * Calls Xero. `collection` names the array a good answer must carry (e.g.
   * "Invoices"); an answer without it is treated as garbled and retried.
   */
  async function call<T>(collection: string, request: Request<T>, firstTry?: { access: AccessToken; outcome: Outcome<T> }): Promise<XeroResult<XeroAnswer<T>>> {
    let failures = 0;
    let rateLimited = 0;
    let refreshed = false;
    let lastProblem = "";
    for (;;) {
      let access: AccessToken | NoAccess;
      let outcome: Outcome<T> | { kind: "daily_limit"; until: Date | null };
      if (firstTry) {
        // callEach made this first exchange already, inside its round.
        ({ access, outcome } = firstTry);
        firstTry = undefined;
      } else {
        access = await accessTokenFor(workspaceId);
        if (!access.ok) {
          return refusal(access.reason === "unavailable" ? "xero_unavailable" : access.reason, access.message);
        }
        outcome = await exchange(access.tenantId, access.accessToken, request);
      }
      if (outcome.kind === "daily_limit") {
        const when = outcome.until ? ` until ${outcome.until.toISOString()}` : "";
        return refusal("daily_limit", `Xero's daily limit of API calls for this organisation is used up${when}. Solido will sync again after that.`);
      }
      const { status } = outcome;
      if (outcome.kind === "answer") {
        const answer = readAnswer(collection, outcome);
        if (answer) return { ok: true, value: answer };
        lastProblem = "Xero sent an answer Solido could not read";
      } else if (status === 429) {
        counts.rateLimitHits++;
        if (++rateLimited >= retry.rateLimitedAttempts) {
          return refusal("rate_limited", "Xero kept asking Solido to slow down. The next sync will pick up where this one stopped.", 429);
        }
        continue; // the budget now holds Xero's Retry-After; admitCall waits it out
      } else if (status === 401 && isAuthorizationUnsuccessful(outcome.body)) {
        // The token is good but lacks a scope: refreshing it changes nothing, and neither does trying again.
        return { ok: false, error: missingPermission(401) };
      } else if (status === 401 && !refreshed) {
        refreshed = true;
        await discardAccessToken(access.accessToken);
        continue;
      } else if (status === 401) {
        return refusal("needs_reconnect", "Xero refused Solido's access token even after refreshing it: reconnect Xero.", 401);
      } else if (status === 403) {
        return { ok: false, error: await explainForbidden(access.tenantId, access.accessToken) };
      } else if (status !== 0 && status < 500) {
        const detail = (outcome.body as { Message?: string; Detail?: string; Type?: unknown } | undefined) ?? {};
        const rejected = refusal("rejected", `Xero refused the request (${status}${detail.Message || detail.Detail ? `: ${detail.Message ?? detail.Detail}` : ""}).`, status);
        return typeof detail.Type === "string" ? { ok: false, error: { ...rejected.error, type: detail.Type } } : rejected;
      } else {
        lastProblem = status === 0 ? `Xero did not answer (${outcome.message})` : `Xero answered ${status}`;
      }
      if (++failures >= retry.attempts) {
        return refusal("xero_unavailable", `${lastProblem}, ${failures} times in a row. Solido will try again at the next sync.`, status || undefined);
      }
      await sleep(Math.min(LONGEST_WAIT_MS, Math.random() * retry.baseDelayMs * 2 ** (failures - 1)) + retry.baseDelayMs / 10);
    }
  }

  /**
   * Makes calls of one kind, as `call` would, but books them in the tenant's
   * budget a round at a time (as many as it has free, in one transaction to
   * take the slots and one to give them back) rather than two transactions a
   * call. A round's calls go one after another, or up to `atOnce` at a time
   * when they do not depend on each other's order. A batch longer than the
   * minute hurries only the calls that decide when it can end (see
   * gateway-pacing.server.ts). Any answer but a good one
   * is handed to `call`, which retries, waits or explains it as usual. Stops
   * at the first call that fails for good: returns the answers of the calls
   * before it, in order, and its error. `onAnswers` hears each round's
   * answers as soon as the round is booked.
   */
  async function callEach<T>(
    collection: string,
    requests: Request<T>[],
    options: { atOnce?: number; onAnswers?: (answers: XeroAnswer<T>[]) => void } = {},
  ): Promise<{ answers: XeroAnswer<T>[]; error?: XeroError }> {
    const answers: XeroAnswer<T>[] = [];
    const heard = (from: number) => options.onAnswers?.(answers.slice(from));
    const atOnce = options.atOnce ?? 1;
    const pacing = new BatchPacing(requests.length, limits, atOnce);
    while (answers.length < requests.length) {
      const first = answers.length;
      const { waitMs, wanted } = pacing.nextRound(first);
      if (waitMs > 0) await sleep(waitMs);
      const access = await accessTokenFor(workspaceId);
      const admitted = access.ok ? await admitCalls(access.tenantId, limits, wanted) : undefined;
      if (!access.ok || !admitted?.ok) {
        // No token or no budget today: `call` says why in the usual words.
        const result = await call(collection, requests[first]);
        if (!result.ok) return { answers, error: result.error };
        answers.push(result.value);
        heard(first);
        continue;
      }
      const round: FinishedCall[] = admitted.slots.map((slot) => ({ slot, headers: null }));
      // The calls made, in order: each a good answer, or the outcome `call` is to deal with. Calls are
      // taken in order, so those made are always the round's first; none is begun after a bad answer.
      const made: (XeroAnswer<T> | Outcome<T>)[] = [];
      let taken = 0;
      let trouble = false;
      const lane = async () => {
        for (let index = taken++; index < round.length && !trouble; index = taken++) {
          const outcome = await attempt(access.tenantId, access.accessToken, requests[first + index]);
          round[index].headers = readRateLimitHeaders(outcome.headers, outcome.status);
          round[index].answeredAt = outcome.answeredAt;
          const answer = outcome.kind === "answer" ? readAnswer(collection, outcome) : undefined;
          made[index] = answer ?? outcome;
          if (!answer) trouble = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(atOnce, round.length) }, lane));
      await finishCalls(access.tenantId, limits, round);
      for (const answerOrOutcome of made) {
        if ("serverTime" in answerOrOutcome) {
          answers.push(answerOrOutcome);
          continue;
        }
        const result = await call(collection, requests[answers.length], { access, outcome: answerOrOutcome });
        if (!result.ok) {
          heard(first);
          return { answers, error: result.error };
        }
        answers.push(result.value);
      }
      heard(first);
    }
    return { answers };
  }

  return { call, callEach, counts };
}

/**
 * Xero answers a call its token has no scope for with 401 and the problem
 * detail "AuthorizationUnsuccessful" (an expired or unknown token is
 * "TokenExpired…" / "AuthenticationUnsuccessful"): Xero-NetStandard#298
 * (401 AuthorizationUnsuccessful on the Assets API, Xero staff's first
 * question the `assets` scope), #178 (401 until `accounting.settings` was
 * asked for), xero-ruby-oauth2-app#82 (the finance scopes). The scope was not
 * granted at consent; the fix is to reconnect and grant it.
 */
export function isAuthorizationUnsuccessful(body: unknown): boolean {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  return text.includes("AuthorizationUnsuccessful");
}

const missingPermission = (status: number): XeroError => ({
  code: "missing_permission",
  message:
    "Xero didn't give Solido permission to read part of this organisation's data. Reconnect Xero (Settings → Integrations) and allow everything Solido asks for; nothing is lost.",
  status,
});

/** `answeredAt`: performance.now() when Xero's answer arrived, if one did (the budget books the call by it). */
type Outcome<T> =
  | { kind: "answer"; status: number; body: T; data: unknown; headers: Record<string, unknown>; answeredAt?: number }
  | { kind: "failure"; status: number; body: unknown; headers: Record<string, unknown>; message: string; answeredAt?: number };

/**
 * What `call` is told to expect when it asks for an invoice as a PDF (GET /Invoices/{id} with
 * Accept: application/pdf) rather than a collection: a good answer is the document's bytes.
 */
export const PDF_DOCUMENT = "application/pdf";

/** A good answer carries the array its collection names (e.g. "Invoices"), or is a PDF when that was asked for; anything else is garbled. */
function readAnswer<T>(collection: string, outcome: Extract<Outcome<T>, { kind: "answer" }>): XeroAnswer<T> | undefined {
  if (collection === PDF_DOCUMENT) {
    const bytes = outcome.body;
    if (!Buffer.isBuffer(bytes) || bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return undefined;
    return { body: outcome.body, data: {}, serverTime: new Date(String(outcome.headers.date ?? Date.now())) };
  }
  const data = outcome.data as Record<string, unknown> | null;
  if (!data || typeof data !== "object" || !Array.isArray(data[collection])) return undefined;
  const serverTime = fromMicrosoftDate(data.DateTimeUTC) ?? new Date(String(outcome.headers.date ?? Date.now()));
  return { body: outcome.body, data, serverTime };
}

export type XeroGateway = ReturnType<typeof xeroGateway>;
