// Fault injection: "the next N calls (for this tenant, or any) fail this way", so tests can see
// how Solido copes with Xero's bad days. Each injected fault is marked in the call log.
import { newId } from "./random";

export type FaultKind = "429" | "500" | "503" | "slow" | "timeout" | "malformed";

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching calls it affects. */
  count: number;
  tenantId?: string;
  /** Only calls whose path starts with this (e.g. "/api.xro/2.0/Invoices"). */
  pathPrefix?: string;
  /** For slow and timeout: how long to hold the response (timeout then drops the connection). */
  delayMs?: number;
  /** For 429: the Retry-After to announce. */
  retryAfterSeconds?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: newId(), remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one use of the first fault matching this call, if any. */
  take(path: string, tenantId: string | undefined): Fault | undefined {
    const fault = this.faults.find(
      (candidate) => candidate.remaining > 0 && (!candidate.tenantId || candidate.tenantId === tenantId) && (!candidate.pathPrefix || path.startsWith(candidate.pathPrefix)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }
}
