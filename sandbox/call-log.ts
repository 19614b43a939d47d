// A record of every call made to the Xero surfaces (not the control API): what benchmarks use to
// count API calls and egress bytes, and what tests read to see what the app actually did.
export interface CallRecord {
  sequence: number;
  at: number;
  method: string;
  path: string;
  query: string;
  tenantId: string | null;
  status: number;
  /** The answer's Content-Type: an invoice asked for as a PDF is the same path as its JSON. */
  contentType: string;
  /** Response body size in bytes: Xero's data egress. */
  bytes: number;
  durationMs: number;
  fault?: string;
  rateLimitProblem?: string;
}

export class CallLog {
  private records: CallRecord[] = [];
  private sequence = 0;

  add(record: Omit<CallRecord, "sequence">): void {
    this.records.push({ ...record, sequence: ++this.sequence });
  }

  list(filter: { since?: number; tenantId?: string; pathPrefix?: string } = {}): CallRecord[] {
    return this.records.filter(
      (record) =>
        (filter.since === undefined || record.sequence > filter.since) &&
        (!filter.tenantId || record.tenantId === filter.tenantId) &&
        (!filter.pathPrefix || record.path.startsWith(filter.pathPrefix)),
    );
  }

  clear(): void {
    this.records = [];
  }
}
