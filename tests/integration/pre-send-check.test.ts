// The check with Xero just before a reminder goes out fails closed: an invoice
// Xero's answer leaves out is "unverified" — its row may be stale (paid,
// voided, deleted since the last sync), so it gets no reminder until a check
// confirms it. Real reminder engine, real SMTP, the sandbox over HTTP with a
// pass-through proxy that leaves the invoice out of Xero's answers.
import { afterAll, describe, expect, it } from "vitest";
import { startXeroAnswerProxy } from "../support/xero-answer-proxy";
import { at, liveWorkspace, receivedBy, remindAt, startReminderWorld } from "../reminders/support";

const world = await startReminderWorld();
const proxy = await startXeroAnswerProxy();
proxy.target = world.sandbox.url;
process.env.XERO_API_URL = proxy.url;
afterAll(() => proxy.close());

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";

describe("the pre-send check with Xero", () => {
  it("sends nothing for an invoice Xero's answer does not include", async () => {
    const workspace = await liveWorkspace(world, { timeZone: ZONE });
    const contactId = await workspace.contact({ name: "Quiet Customer", emailAddress: "accounts@quiet.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: TODAY, amount: "120.00" });
    await workspace.sync();

    proxy.omitInvoiceIds.add(invoice.xeroInvoiceId.toLowerCase());
    try {
      await remindAt(NOW);
    } finally {
      proxy.omitInvoiceIds.clear();
    }
    expect(await receivedBy(world.mailbox, "accounts@quiet.test")).toHaveLength(0);
    const [reminder] = await workspace.reminders();
    expect(reminder).toMatchObject({ status: "skipped", skippedReason: "unverified" });
    // It was asked about (by id) and left out of the answer.
    expect(world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Invoices" }).some((call) => call.query.includes("IDs="))).toBe(true);
  });

  it("still sends the other invoices of the same email, which Xero did confirm", async () => {
    const workspace = await liveWorkspace(world, { timeZone: ZONE });
    const contactId = await workspace.contact({ name: "Two Invoices Ltd", emailAddress: "accounts@two.test" });
    const missing = await workspace.invoice(contactId, { dueDate: TODAY, amount: "75.00", reference: "Left out" });
    const confirmed = await workspace.invoice(contactId, { dueDate: TODAY, amount: "33.00", reference: "Confirmed" });
    await workspace.sync();

    proxy.omitInvoiceIds.add(missing.xeroInvoiceId.toLowerCase());
    try {
      await remindAt(NOW);
    } finally {
      proxy.omitInvoiceIds.clear();
    }
    const [message, ...others] = await receivedBy(world.mailbox, "accounts@two.test");
    expect(others).toHaveLength(0);
    expect(message.html).toContain(confirmed.number);
    expect(message.html).not.toContain(missing.number);
  });
});
