// The sandbox's notion of "now". Token expiry, refresh grace, rate windows and demo dates all read
// this clock, so tests can jump forward an hour instead of waiting one.

export class Clock {
  private offsetMs = 0;

  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    return this.source() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to wall-clock time (used by reset). */
  resetOffset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
