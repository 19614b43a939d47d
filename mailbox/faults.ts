// Injected SMTP failures, so tests can watch Solido handle bounces and retries
// against a real server: refuse matching recipients at RCPT TO, or refuse whole
// messages after DATA.
import crypto from "node:crypto";
import { z } from "zod";
import type { ActiveFault, FaultRule } from "./message";

export const faultRuleSchema = z.object({
  recipient: z.string().trim().min(1).optional(),
  auth: z.boolean().optional(),
  code: z.number().int().min(400).max(599),
  // The reply goes on the wire after the code, so it must stay on one line.
  message: z
    .string()
    .max(200)
    .regex(/^[^\r\n]*$/, "must be a single line")
    .optional(),
  times: z.number().int().positive().optional(),
});

export interface SmtpReply {
  code: number;
  message: string;
}

export class Faults {
  private active: (ActiveFault & { remaining: number })[] = [];

  add(rule: FaultRule): ActiveFault {
    const parsed = faultRuleSchema.parse(rule);
    const fault = { id: crypto.randomUUID(), ...parsed };
    this.active.push({ ...fault, remaining: parsed.times ?? Infinity });
    return fault;
  }

  list(): ActiveFault[] {
    return this.active.map(({ remaining: _remaining, ...fault }) => fault);
  }

  /** Milliseconds every message waits after DATA before its answer: a slow server (0: none). */
  delayMs = 0;

  clear() {
    this.active = [];
    this.delayMs = 0;
  }

  /** The reply for RCPT TO this address, when a recipient fault matches it. */
  forRecipient(address: string): SmtpReply | null {
    return this.fire((fault) => !fault.auth && fault.recipient !== undefined && globMatches(fault.recipient, address), "recipient");
  }

  /** The reply for a whole message after DATA, when a message fault is active. */
  forMessage(): SmtpReply | null {
    return this.fire((fault) => !fault.auth && fault.recipient === undefined, "message");
  }

  /** The reply for AUTH, when an auth fault is active. */
  forAuth(): SmtpReply | null {
    return this.fire((fault) => fault.auth === true, "auth");
  }

  private fire(matches: (fault: ActiveFault) => boolean, target: "recipient" | "message" | "auth"): SmtpReply | null {
    const fault = this.active.find(matches);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = this.active.filter((other) => other !== fault);
    return { code: fault.code, message: fault.message ?? defaultMessage(fault.code, target) };
  }
}

function defaultMessage(code: number, target: "recipient" | "message" | "auth") {
  if (target === "auth") return code >= 500 ? "5.7.8 Authentication credentials invalid" : "4.7.0 Temporary authentication failure";
  if (code >= 500) return target === "recipient" ? "Mailbox unavailable" : "Message rejected";
  return target === "recipient" ? "Mailbox temporarily unavailable, try again later" : "Temporary failure, try again later";
}

function globMatches(pattern: string, address: string) {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "i").test(address);
}
