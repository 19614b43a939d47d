// Xero's rate limits, per connection (app + tenant): calls per rolling minute and day, calls in
// flight at once, and an app-wide per-minute budget. Windows run on the sandbox clock, shrunk by
// the time scale so tests can exhaust "a minute" in milliseconds.
import type { Clock } from "./clock";
import type { RateLimitSettings } from "./config";

export type RateLimitProblem = "minute" | "day" | "concurrent" | "appminute";

export interface RateLimitHeaders {
  "X-DayLimit-Remaining": string;
  "X-MinLimit-Remaining": string;
  "X-AppMinLimit-Remaining": string;
}

export type Admission =
  | { admitted: true; headers: RateLimitHeaders; release: () => void }
  | { admitted: false; headers: RateLimitHeaders; problem: RateLimitProblem; retryAfterSeconds: number };

class RollingWindow {
  private readonly calls: number[] = [];
  constructor(private readonly lengthMs: number) {}

  count(now: number): number {
    while (this.calls.length > 0 && this.calls[0] <= now - this.lengthMs) this.calls.shift();
    return this.calls.length;
  }

  record(now: number): void {
    this.calls.push(now);
  }

  /** Seconds until the oldest call leaves the window, at least 1. */
  retryAfter(now: number): number {
    const oldest = this.calls[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.lengthMs - now) / 1000));
  }
}

interface TenantUsage {
  minute: RollingWindow;
  day: RollingWindow;
  inFlight: number;
}

export class RateLimiter {
  private readonly tenants = new Map<string, TenantUsage>();
  private readonly app: RollingWindow;
  private readonly minuteMs: number;
  private readonly dayMs: number;

  constructor(
    private readonly limits: RateLimitSettings,
    private readonly clock: Clock,
    timeScale: number,
  ) {
    this.minuteMs = 60_000 * timeScale;
    this.dayMs = 86_400_000 * timeScale;
    this.app = new RollingWindow(this.minuteMs);
  }

  private usage(key: string): TenantUsage {
    let usage = this.tenants.get(key);
    if (!usage) {
      usage = { minute: new RollingWindow(this.minuteMs), day: new RollingWindow(this.dayMs), inFlight: 0 };
      this.tenants.set(key, usage);
    }
    return usage;
  }

  /** Counts the call if every limit has room; calls refused with 429 are not counted. */
  admit(clientId: string, tenantId: string): Admission {
    const now = this.clock.now();
    const usage = this.usage(`${clientId}:${tenantId}`);
    const used = { day: usage.day.count(now), minute: usage.minute.count(now), app: this.app.count(now) };
    const headers = (extra: number): RateLimitHeaders => ({
      "X-DayLimit-Remaining": String(Math.max(0, this.limits.perTenantPerDay - used.day - extra)),
      "X-MinLimit-Remaining": String(Math.max(0, this.limits.perTenantPerMinute - used.minute - extra)),
      "X-AppMinLimit-Remaining": String(Math.max(0, this.limits.appPerMinute - used.app - extra)),
    });
    const refuse = (problem: RateLimitProblem, retryAfterSeconds: number): Admission => ({ admitted: false, headers: headers(0), problem, retryAfterSeconds });
    if (used.day >= this.limits.perTenantPerDay) return refuse("day", usage.day.retryAfter(now));
    if (used.app >= this.limits.appPerMinute) return refuse("appminute", this.app.retryAfter(now));
    if (used.minute >= this.limits.perTenantPerMinute) return refuse("minute", usage.minute.retryAfter(now));
    if (usage.inFlight >= this.limits.perTenantConcurrent) return refuse("concurrent", 1);
    usage.minute.record(now);
    usage.day.record(now);
    this.app.record(now);
    usage.inFlight++;
    let released = false;
    return {
      admitted: true,
      headers: headers(1),
      release: () => {
        if (!released) usage.inFlight--;
        released = true;
      },
    };
  }

  reset(): void {
    this.tenants.clear();
  }
}
