// What stands in front of api.xero.com's resources, in Xero's order: the URL's length (404), the
// bearer token (401), the tenant header and connection (403), the granted scopes (401), then rate limits (429). Injected
// faults are applied after admission, and every call is written to the call log.
import type { HttpBindings } from "@hono/node-server";
import type { Context, MiddlewareHandler } from "hono";
import type { OrganisationBook } from "./books";
import type { CallLog } from "./call-log";
import type { Clock } from "./clock";
import type { Fault, FaultInjector } from "./faults";
import type { AccessTokenClaims, IdentityAuthority } from "./identity-authority";
import type { RateLimiter } from "./rate-limits";
import { scopesAllowing, type AccountingResource } from "./scopes";
import type { SandboxStore } from "./store";
import { problem } from "./xero-json";

export type ApiEnv = {
  Bindings: HttpBindings;
  Variables: {
    claims: AccessTokenClaims;
    tenantId: string;
    book: OrganisationBook;
    fault?: Fault;
    rateLimitProblem?: string;
    /** The answer jsonAnswer made and its body's size, so the call log need not copy the body to count it. */
    answer?: { response: Response; bytes: number };
  };
};

/** Timers the server can cut short on shutdown, so a held "slow" response never blocks close(). */
export class Pauses {
  private readonly pending = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
    });
  }

  releaseAll(): void {
    for (const done of [...this.pending]) done();
  }
}

export function logCalls(log: CallLog, clock: Clock): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const url = new URL(c.req.url);
    const answer = c.get("answer");
    const bytes = answer?.response === c.res ? answer.bytes : c.res.body ? (await c.res.clone().arrayBuffer()).byteLength : 0;
    log.add({
      at: clock.now(),
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      tenantId: c.get("tenantId") ?? c.req.header("xero-tenant-id") ?? null,
      status: c.res.status,
      contentType: c.res.headers.get("content-type") ?? "",
      bytes,
      durationMs: Math.round(performance.now() - started),
      ...(c.get("fault") ? { fault: c.get("fault")!.kind } : {}),
      ...(c.get("rateLimitProblem") ? { rateLimitProblem: c.get("rateLimitProblem") } : {}),
    });
  };
}

/**
 * A JSON answer, exactly as `c.json` gives it, its size noted for the call log. The body goes as
 * UTF-8 bytes, not a string: a string body makes undici scan it for lone surrogates and encode it,
 * and copying the body to count it (Response.clone) tees a stream of it; together about a sixth of
 * the sandbox's CPU when a large organisation is synced.
 */
export function jsonAnswer(c: Context<ApiEnv>, object: unknown): Response {
  const body = Buffer.from(JSON.stringify(object));
  const response = c.body(body, undefined, { "Content-Type": "application/json" });
  c.set("answer", { response, bytes: body.byteLength });
  return response;
}

/** A document answer (an invoice's PDF), its bytes counted like a JSON answer's. */
export function documentAnswer(c: Context<ApiEnv>, body: Buffer, contentType: string): Response {
  const response = c.body(new Uint8Array(body), undefined, { "Content-Type": contentType });
  c.set("answer", { response, bytes: body.byteLength });
  return response;
}

const instance = (c: Context) => new URL(c.req.url).pathname;

export function unauthorized(c: Context): Response {
  return c.json(problem(401, "AuthenticationUnsuccessful", instance(c)), 401, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
}

export function forbidden(c: Context): Response {
  return c.json(problem(403, "AuthorizationUnsuccessful", instance(c)), 403);
}

/**
 * A call the token's scopes do not cover: Xero answers 401 (not 403) with Detail
 * "AuthorizationUnsuccessful" — `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":
 * "AuthorizationUnsuccessful",…}` without the assets scope (XeroAPI/Xero-NetStandard#298, Xero's
 * jamie-hoffmann-xero asking for the scope), without finance scopes
 * (XeroAPI/xero-ruby-oauth2-app#82), without accounting.settings for Accounts
 * (XeroAPI/Xero-NetStandard#178). Unlike an expired token (AuthenticationUnsuccessful), refreshing
 * does not help: only a new consent with the scope does.
 */
export function missingScope(c: Context): Response {
  return c.json(problem(401, "AuthorizationUnsuccessful", instance(c)), 401);
}

/**
 * The longest URL Xero's gateway serves. Longer ones — in practice an `IDs=` list of more than
 * about 52 GUIDs — are answered 404 "The resource you're looking for cannot be found", before
 * the token is even looked at: 52 ids work and 53 fail (XeroAPI/xero-node#404, reproduced by
 * Xero's SerKnight; XeroAPI/Xero-OpenAPI#534), failing "with a total URL length of >2091"
 * (XeroAPI/Xero-NetStandard#471). xero-node sends the commas as %2C, so 52 ids make a
 * 2,071-character URL and 53 make 2,110. The length is counted as if the host were api.xero.com.
 */
export const MAX_URL_LENGTH = 2091;

export function refuseLongUrls(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (`https://api.xero.com${url.pathname}${url.search}`.length > MAX_URL_LENGTH) {
      return c.json(problem(404, "The resource you're looking for cannot be found", url.pathname), 404);
    }
    await next();
  };
}

export function authenticate(authority: IdentityAuthority): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const claims = header.startsWith("Bearer ") ? await authority.verifyAccessToken(header.slice(7)) : undefined;
    if (!claims) return unauthorized(c);
    c.set("claims", claims);
    await next();
  };
}

const RESOURCES: AccountingResource[] = ["Invoices", "CreditNotes", "Payments", "Overpayments", "Prepayments", "Contacts", "ContactGroups", "Organisation"];

/** Resolves `xero-tenant-id` to a connected organisation the token's scopes allow for this resource. */
export function authoriseTenant(authority: IdentityAuthority, store: SandboxStore): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const claims = c.get("claims");
    const tenantId = (c.req.header("xero-tenant-id") ?? "").toLowerCase();
    const book = store.book(tenantId);
    if (!book || !authority.connectionFor(claims.xero_userid, claims.client_id, tenantId)) return forbidden(c);
    const segment = new URL(c.req.url).pathname.split("/")[3] ?? "";
    const resource = RESOURCES.find((name) => name.toLowerCase() === segment.toLowerCase());
    if (!resource) return c.json(problem(404, "The resource you're looking for cannot be found", instance(c)), 404);
    const write = c.req.method !== "GET";
    if (!scopesAllowing(resource, write).some((scope) => claims.scope.includes(scope))) return missingScope(c);
    c.set("tenantId", tenantId);
    c.set("book", book);
    await next();
  };
}

/** Holds every call for a realistic time (SandboxSettings.latencyMs) before answering it. */
export function respondAfter(latency: { min: number; max: number } | null, pauses: Pauses): MiddlewareHandler<ApiEnv> {
  return async (_c, next) => {
    if (latency && latency.max > 0) await pauses.wait(latency.min + Math.random() * (latency.max - latency.min));
    await next();
  };
}

export function injectFaults(faults: FaultInjector, pauses: Pauses): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const fault = faults.take(new URL(c.req.url).pathname, c.get("tenantId") ?? c.req.header("xero-tenant-id"));
    if (!fault) return next();
    c.set("fault", fault);
    switch (fault.kind) {
      case "429":
        c.set("rateLimitProblem", "minute");
        return c.json({ Title: "Too Many Requests", Status: 429 }, 429, {
          "Retry-After": String(fault.retryAfterSeconds ?? 1),
          "X-Rate-Limit-Problem": "minute",
        });
      case "500":
        return c.json({ ErrorNumber: 500, Type: "UnknownErrorException", Message: "An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status." }, 500);
      case "503":
        return c.text("The service is currently unavailable. Please try again later.", 503, { "Retry-After": "1" });
      case "malformed":
        return c.body('{"Id":"c0ffee00-0000-4000-8000-000000000000","Status":"OK","Invoices":[{"InvoiceID":', 200, { "Content-Type": "application/json; charset=utf-8" });
      case "slow":
        await pauses.wait(fault.delayMs ?? 10_000);
        return next();
      case "timeout":
        // Hold the call, then drop the connection without answering, as a hung upstream would.
        await pauses.wait(fault.delayMs ?? 60_000);
        c.env?.incoming?.socket?.destroy();
        return c.body(null, 504);
    }
  };
}

export function limitRate(limiter: RateLimiter): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const admission = limiter.admit(c.get("claims").client_id, c.get("tenantId"));
    if (!admission.admitted) {
      c.set("rateLimitProblem", admission.problem);
      return c.json({ Title: "Too Many Requests", Status: 429, Detail: `Rate limit exceeded: ${admission.problem}` }, 429, {
        ...admission.headers,
        "Retry-After": String(admission.retryAfterSeconds),
        "X-Rate-Limit-Problem": admission.problem,
      });
    }
    try {
      await next();
    } finally {
      admission.release();
    }
    for (const [name, value] of Object.entries(admission.headers)) c.res.headers.set(name, value);
  };
}

type SavedAnswer = { status: number; headers: [string, string][]; body: string };

/**
 * Xero's `Idempotency-Key` on writes (PUT, POST, PATCH; up to 128 characters):
 * a write repeated with a key already used by the same app for the same
 * organisation is not done again; the first call's answer is given again.
 * Only answers that did the write (2xx) are kept, so a write that failed may
 * be retried under its key. A repeat that arrives while the first is still
 * being answered waits for it. Keys are kept for a day (Xero does not say how
 * long it keeps them; a retry comes within minutes).
 */
export class IdempotencyKeys {
  private readonly answers = new Map<string, { at: number; answer: Promise<SavedAnswer | null> }>();

  constructor(private readonly clock: Clock, private readonly keepMs = 24 * 3_600_000) {}

  middleware(): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
      if (!["PUT", "POST", "PATCH"].includes(c.req.method)) return next();
      const key = c.req.header("idempotency-key");
      if (key === undefined) return next();
      if (key.length === 0 || key.length > 128) {
        return c.json({ ErrorNumber: 10, Type: "ValidationException", Message: "A validation exception occurred", Elements: [{ ValidationErrors: [{ Message: "The Idempotency-Key header must be 1 to 128 characters." }] }] }, 400);
      }
      const id = `${c.get("claims").client_id}\n${c.get("tenantId")}\n${key}`;
      this.forgetExpired();
      for (let earlier = this.answers.get(id); earlier; earlier = this.answers.get(id)) {
        const saved = await earlier.answer;
        if (saved) return new Response(saved.body, { status: saved.status, headers: saved.headers });
        // The first attempt did not write: this one may.
        if (this.answers.get(id) === earlier) this.answers.delete(id);
      }
      let settle: (saved: SavedAnswer | null) => void = () => {};
      this.answers.set(id, { at: this.clock.now(), answer: new Promise((resolve) => (settle = resolve)) });
      try {
        await next();
      } catch (error) {
        this.answers.delete(id);
        settle(null);
        throw error;
      }
      if (c.res.status < 200 || c.res.status >= 300) {
        this.answers.delete(id);
        settle(null);
        return;
      }
      const body = await c.res.clone().text();
      settle({ status: c.res.status, headers: [...c.res.headers.entries()], body });
    };
  }

  private forgetExpired() {
    const oldest = this.clock.now() - this.keepMs;
    for (const [id, entry] of this.answers) {
      if (entry.at >= oldest) break;
      this.answers.delete(id);
    }
  }
}
