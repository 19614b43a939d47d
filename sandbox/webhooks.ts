// Xero's webhook subscription for the app: invoice and contact changes in connected organisations
// are collected for a short window, posted as one signed batch, and retried with growing gaps
// when the receiver does not answer 200 within 5 seconds. Also Xero's "intent to receive" check.
import { createHmac, randomBytes } from "node:crypto";
import type { ResourceChange } from "./model";

export interface WebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: "CREATE" | "UPDATE";
  eventCategory: "INVOICE" | "CONTACT";
  tenantId: string;
  tenantType: "ORGANISATION";
}

export interface WebhookPayload {
  events: WebhookEvent[];
  firstEventSequence: number;
  lastEventSequence: number;
  entropy: string;
}

export interface DeliveryAttempt {
  at: number;
  firstEventSequence: number;
  lastEventSequence: number;
  attempt: number;
  status: number | null;
  error?: string;
}

export interface IntentToReceiveResult {
  passed: boolean;
  checks: Array<{ correctlySigned: boolean; expectedStatus: number; status: number | null; emptyBody: boolean; setsCookie: boolean; passed: boolean }>;
}

export interface WebhookOptions {
  url: string | null;
  key: string;
  batchMs: number;
  timeScale: number;
  apiBaseUrl: string;
  /** Xero only sends events for organisations connected to the app. */
  isConnected: (tenantId: string) => boolean;
  now: () => number;
}

/** Retry gaps in Xero-time; scaled by the time scale. Xero gives up after 24 hours. */
const RETRY_GAPS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 2 * 3_600_000, 4 * 3_600_000, 8 * 3_600_000];
const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const RESPONSE_DEADLINE_MS = 5_000;

export function signWebhookBody(body: string, key: string): string {
  return createHmac("sha256", key).update(body, "utf8").digest("base64");
}

/** Xero's event timestamps: UTC, milliseconds, and no zone designator. */
const eventDate = (ms: number) => new Date(ms).toISOString().replace("Z", "");

export class WebhookDispatcher {
  private pending: WebhookEvent[] = [];
  private sequence = 0;
  private flushTimer?: NodeJS.Timeout;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly attempts: DeliveryAttempt[] = [];
  /** Xero disables a subscription that failed intent-to-receive or kept failing for a day. */
  enabled = true;

  constructor(private readonly options: WebhookOptions) {}

  get url(): string | null {
    return this.options.url;
  }

  enqueue(change: ResourceChange): void {
    if (!this.options.url || !this.enabled || !this.options.isConnected(change.tenantId)) return;
    const collection = change.category === "INVOICE" ? "Invoices" : "Contacts";
    this.pending.push({
      resourceUrl: `${this.options.apiBaseUrl}/api.xro/2.0/${collection}/${change.resourceId}`,
      resourceId: change.resourceId,
      eventDateUtc: eventDate(change.at),
      eventType: change.type,
      eventCategory: change.category,
      tenantId: change.tenantId,
      tenantType: "ORGANISATION",
    });
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  /** Sends what has been collected now (tests call this instead of waiting out the window). */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return Promise.resolve();
    const events = this.pending;
    this.pending = [];
    const payload: WebhookPayload = {
      events,
      firstEventSequence: this.sequence + 1,
      lastEventSequence: this.sequence + events.length,
      entropy: randomBytes(10).toString("hex").toUpperCase(),
    };
    this.sequence += events.length;
    return this.track(this.deliver(JSON.stringify(payload), payload, 1));
  }

  /**
   * Posts correctly signed and mis-signed empty batches; passes only when every signed one gets 200
   * with an empty body and no cookie, and every mis-signed one 401 with no cookie. Xero's rule
   * (developer.xero.com webhooks "intent to receive", as XERO.md records it): "200 with an empty body
   * and no cookies for a good signature, 401 for a bad one".
   */
  async intentToReceive(): Promise<IntentToReceiveResult> {
    if (!this.options.url) return { passed: false, checks: [] };
    const checks: IntentToReceiveResult["checks"] = [];
    for (const correctlySigned of [true, false, true, false]) {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: randomBytes(10).toString("hex").toUpperCase() });
      const signature = correctlySigned ? signWebhookBody(body, this.options.key) : signWebhookBody(body, `${this.options.key}-not`);
      const { status, text, setsCookie } = await this.post(body, signature);
      const expectedStatus = correctlySigned ? 200 : 401;
      const emptyBody = text === "";
      checks.push({ correctlySigned, expectedStatus, status, emptyBody, setsCookie, passed: status === expectedStatus && (!correctlySigned || emptyBody) && !setsCookie });
    }
    const passed = checks.every((check) => check.passed);
    this.enabled = passed;
    return { passed, checks };
  }

  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  private async post(body: string, signature: string): Promise<{ status: number | null; text: string; setsCookie: boolean; error?: string }> {
    try {
      const response = await fetch(this.options.url!, {
        method: "POST",
        headers: { "Content-Type": "application/json", "x-xero-signature": signature, "User-Agent": "Xero-Webhook-Sandbox" },
        body,
        signal: AbortSignal.timeout(Math.max(200, RESPONSE_DEADLINE_MS * this.options.timeScale)),
      });
      return { status: response.status, text: await response.text(), setsCookie: response.headers.getSetCookie().length > 0 };
    } catch (error) {
      return { status: null, text: "", setsCookie: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async deliver(body: string, payload: WebhookPayload, attempt: number): Promise<void> {
    const { status, error } = await this.post(body, signWebhookBody(body, this.options.key));
    this.attempts.push({ at: this.options.now(), firstEventSequence: payload.firstEventSequence, lastEventSequence: payload.lastEventSequence, attempt, status, ...(error ? { error } : {}) });
    if (status === 200) return;
    const gap = RETRY_GAPS_MS[Math.min(attempt - 1, RETRY_GAPS_MS.length - 1)];
    const elapsed = RETRY_GAPS_MS.slice(0, attempt).reduce((sum, ms) => sum + ms, 0);
    if (elapsed > GIVE_UP_AFTER_MS) {
      this.enabled = false;
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.track(this.deliver(body, payload, attempt + 1));
    }, gap * this.options.timeScale);
    this.retryTimers.add(timer);
  }
}
