// A small client of the mailbox's JSON API, for tests that assert what arrived.
import type { ActiveFault, FaultRule, MailboxMessage } from "./message";

export type { ActiveFault, FaultRule, MailboxMessage } from "./message";

/**
 * Polls until at least `count` messages (to `to`, when given) have arrived and
 * returns them all, newest first; throws, saying what did arrive, on timeout.
 */
export async function waitForMessages(
  url: string,
  options: { to?: string; count: number; timeoutMs?: number; intervalMs?: number },
): Promise<MailboxMessage[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const messages = await listMessages(url, { to: options.to });
    if (messages.length >= options.count) return messages;
    if (Date.now() >= deadline) {
      const recipient = options.to ? ` to ${options.to}` : "";
      const subjects = messages.map((message) => JSON.stringify(message.subject)).join(", ");
      throw new Error(
        `Expected ${options.count} message(s)${recipient} at ${url}, but ${messages.length} arrived${subjects ? `: ${subjects}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

export async function listMessages(url: string, filter: { to?: string } = {}): Promise<MailboxMessage[]> {
  const query = filter.to ? `?to=${encodeURIComponent(filter.to)}` : "";
  const body = await request<{ messages: MailboxMessage[] }>(url, `/api/messages${query}`);
  return body.messages;
}

export async function rawMessage(url: string, id: string): Promise<string> {
  const response = await fetch(new URL(`/api/messages/${encodeURIComponent(id)}/raw`, url));
  if (!response.ok) throw new Error(`GET raw message ${id}: ${response.status}`);
  return response.text();
}

export async function clearMessages(url: string): Promise<void> {
  await request(url, "/api/messages", { method: "DELETE" });
}

export async function addFaults(url: string, rules: FaultRule | FaultRule[]): Promise<ActiveFault[]> {
  const body = await request<{ faults: ActiveFault[] }>(url, "/api/faults", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rules),
  });
  return body.faults;
}

export async function clearFaults(url: string): Promise<void> {
  await request(url, "/api/faults", { method: "DELETE" });
}

async function request<T = void>(url: string, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(new URL(path, url), init);
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
