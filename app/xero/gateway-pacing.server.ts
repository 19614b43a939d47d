// When a batch of calls to one organisation should go, within Xero's rolling
// minute. A batch of more calls than the minute holds cannot end before its
// last calls are let in, and they are let in as its first calls leave the
// minute: the batch's call number perMinute + k waits for call k. So only its
// first (total − perMinute) calls decide when it ends; they go at once, as
// fast as the budget allows. The rest of the first minute's calls gain nothing
// by hurrying: they are spread over the first half of the minute, rather than
// competing in its first seconds with the calls that matter (this batch's,
// and other organisations' on the same cores and database). The calls past
// the first minute go as the budget lets them in, as before.
import type { RateLimits } from "./gateway-budget.server";

/** The share of the minute, from the batch's start, over which its calls that can wait are spread. */
const SPREAD_SHARE = 0.5;

export class BatchPacing {
  /** Calls [0, urgent) decide when the batch ends. */
  private readonly urgent: number;
  /** Calls [urgent, spreadEnd) can wait; [spreadEnd, total) are let in by the minute. */
  private readonly spreadEnd: number;
  /** When the first call that can wait was reached (performance.now()). */
  private spreadFrom?: number;
  private readonly minuteMs: number;

  constructor(
    private readonly total: number,
    limits: Pick<RateLimits, "perMinute" | "minuteMs">,
    /** Calls a round makes at most: the spread goes a round at a time. */
    private readonly roundSize: number,
    private readonly startedAt = performance.now(),
  ) {
    this.minuteMs = limits.minuteMs;
    const spreadable = total > limits.perMinute && total < 2 * limits.perMinute;
    this.urgent = spreadable ? total - limits.perMinute : total;
    this.spreadEnd = spreadable ? limits.perMinute : total;
  }

  /** Before the round that starts at call `first`: how long to wait, and how many calls the round may take at most. */
  nextRound(first: number, now = performance.now()): { waitMs: number; wanted: number } {
    if (first < this.urgent) return { waitMs: 0, wanted: this.urgent - first };
    if (first >= this.spreadEnd) return { waitMs: 0, wanted: this.total - first };
    this.spreadFrom ??= now;
    const rounds = Math.ceil((this.spreadEnd - this.urgent) / this.roundSize);
    const spacing = Math.max(0, this.startedAt + SPREAD_SHARE * this.minuteMs - this.spreadFrom) / rounds;
    const round = Math.floor((first - this.urgent) / this.roundSize);
    const roundEnd = Math.min(this.spreadEnd, this.urgent + (round + 1) * this.roundSize);
    return { waitMs: Math.max(0, this.spreadFrom + round * spacing - now), wanted: roundEnd - first };
  }
}
