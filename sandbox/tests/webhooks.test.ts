// Webhooks reach a real local receiver: batched, signed with the webhook key, retried on failure,
// and the intent-to-receive check passes only for a receiver that verifies signatures.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { HARBOUR, KIWI, connect, control, startTestSandbox } from "./support";

const KEY = "test-webhook-key";

interface Received {
  body: string;
  signature: string;
}

/** A receiver that answers as Solido should (verify, 200 empty / 401), or with a fixed status. */
async function receiver(
  behaviour: "verify" | "always200" | { failFirst: number },
  answer: { cookie?: boolean; body?: string } = {},
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["x-xero-signature"] ?? "");
      received.push({ body, signature });
      calls++;
      const expected = createHmac("sha256", KEY).update(body).digest();
      const given = Buffer.from(signature, "base64");
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      let status = 200;
      if (behaviour === "verify") status = valid ? 200 : 401;
      else if (typeof behaviour === "object") status = calls <= behaviour.failFirst ? 500 : 200;
      response.writeHead(status, answer.cookie ? { "Set-Cookie": "session=abc; Path=/; HttpOnly" } : {}).end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/xero`, received, server };
}

let sandbox: RunningSandbox | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  sandbox = undefined;
  server = undefined;
});

const until = async (condition: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("webhooks", () => {
  it("batches CREATE and UPDATE events of connected organisations into one signed post", async () => {
    const target = await receiver("verify");
    server = target.server;
    // A window wide enough for the three changes below to land in it on a loaded machine (at 50 ms, three
    // HTTP control calls sometimes straddled two windows under a parallel test run): the batching is the point.
    sandbox = await startTestSandbox({ webhookUrl: target.url, webhookKey: KEY, webhookBatchMs: 2_000 });
    await connect(sandbox, { organisations: [HARBOUR.name] });
    const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Hook Café", emailAddress: "a@hook.example" });
    await control(sandbox, `/organisations/${HARBOUR.id}/contacts/${contact.ContactID}`, { emailAddress: "b@hook.example" }, "PATCH");
    const invoice = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 10 });
    // Kiwi is not connected to the app: Xero sends nothing for it.
    const kiwiContact = [...sandbox.store.book(KIWI.id)!.contacts.values()][0];
    await control(sandbox, `/organisations/${KIWI.id}/contacts/${kiwiContact.id}/archive`, {});

    await until(() => target.received.length >= 1, 6_000);
    expect(target.received).toHaveLength(1);
    const [{ body, signature }] = target.received;
    expect(signature).toBe(createHmac("sha256", KEY).update(body).digest("base64"));
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ firstEventSequence: 1, lastEventSequence: 3, entropy: expect.any(String) });
    expect(payload.events.map((event: { eventCategory: string; eventType: string }) => `${event.eventCategory} ${event.eventType}`)).toEqual([
      "CONTACT CREATE",
      "CONTACT UPDATE",
      "INVOICE CREATE",
    ]);
    expect(payload.events[2]).toMatchObject({
      resourceId: invoice.InvoiceID,
      resourceUrl: `${sandbox.url}/api.xro/2.0/Invoices/${invoice.InvoiceID}`,
      tenantId: HARBOUR.id,
      tenantType: "ORGANISATION",
      eventDateUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
    });
  });

  it("announces payments, voids and credit allocations as INVOICE UPDATE", async () => {
    const target = await receiver("always200");
    server = target.server;
    sandbox = await startTestSandbox({ webhookUrl: target.url, webhookKey: KEY, webhookBatchMs: 10_000 });
    await connect(sandbox, { organisations: [HARBOUR.name] });
    const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Update Café" });
    const paid = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 10 });
    const voided = await control(sandbox, `/organisations/${HARBOUR.id}/invoices`, { contactId: contact.ContactID, amount: 10 });
    await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${paid.InvoiceID}/payments`, { amount: 5 });
    await control(sandbox, `/organisations/${HARBOUR.id}/invoices/${voided.InvoiceID}/void`, {});
    await control(sandbox, "/webhooks/flush", {});
    const events = JSON.parse(target.received[0].body).events as Array<{ resourceId: string; eventType: string }>;
    expect(events.filter((event) => event.eventType === "UPDATE").map((event) => event.resourceId)).toEqual([paid.InvoiceID, voided.InvoiceID]);
  });

  it("retries a batch the receiver refused, with backoff on the scaled clock", async () => {
    const target = await receiver({ failFirst: 2 });
    server = target.server;
    sandbox = await startTestSandbox({ webhookUrl: target.url, webhookKey: KEY, webhookBatchMs: 10, timeScale: 0.0005 });
    await connect(sandbox, { organisations: [HARBOUR.name] });
    await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Retry Café" });
    await until(() => target.received.length >= 3, 5000);
    const { attempts } = await control(sandbox, "/webhooks");
    expect(attempts.map((attempt: { status: number }) => attempt.status)).toEqual([500, 500, 200]);
    expect(new Set(target.received.map((delivery) => delivery.body)).size).toBe(1);
  });

  it("intent to receive passes for a receiver that checks signatures and fails for one that does not", async () => {
    const good = await receiver("verify");
    server = good.server;
    sandbox = await startTestSandbox({ webhookUrl: good.url, webhookKey: KEY });
    const pass = await control(sandbox, "/webhooks/intent-to-receive", {});
    expect(pass.passed).toBe(true);
    expect(pass.checks.map((check: { status: number }) => check.status)).toEqual([200, 401, 200, 401]);
    expect(JSON.parse(good.received[0].body)).toMatchObject({ events: [], firstEventSequence: 0, lastEventSequence: 0 });
    await sandbox.close();

    const careless = await receiver("always200");
    sandbox = await startTestSandbox({ webhookUrl: careless.url, webhookKey: KEY });
    try {
      const fail = await control(sandbox, "/webhooks/intent-to-receive", {});
      expect(fail.passed).toBe(false);
      expect((await control(sandbox, "/webhooks")).enabled).toBe(false);
    } finally {
      await new Promise((resolve) => careless.server.close(resolve));
    }
  });

  // Xero's intent to receive wants "200 with an empty body and no cookies" for a good signature (XERO.md, Webhooks).
  it.each([
    ["sets a cookie", { cookie: true }],
    ["answers with a body", { body: "OK" }],
  ])("intent to receive fails for a receiver that verifies signatures but %s", async (_case, answer) => {
    const chatty = await receiver("verify", answer);
    sandbox = await startTestSandbox({ webhookUrl: chatty.url, webhookKey: KEY });
    try {
      const result = await control(sandbox, "/webhooks/intent-to-receive", {});
      expect(result.checks.map((check: { status: number }) => check.status)).toEqual([200, 401, 200, 401]);
      expect(result.passed).toBe(false);
      expect((await control(sandbox, "/webhooks")).enabled).toBe(false);
    } finally {
      await new Promise((resolve) => chatty.server.close(resolve));
    }
  });
});
