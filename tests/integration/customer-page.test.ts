// The customer's page, from the link in a real reminder read at the mailbox:
// a promise to pay holds the invoice's reminders until the promised day and
// its grace, then the next reminder says politely that the payment has not
// arrived; a query stops reminders, tells the business by email, and resolving
// it lets them go again; both are noted in the invoice's history in Xero. And
// the link opens one customer's invoices of one workspace, nothing else.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, remindAt, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";
import { callRoute } from "../support/sandbox-app";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { invoices } = await import("~db/schema");
const route = await import("~/routes/pay.$token");
const { checkCustomerLink, customerLinkToken } = await import("~/models/customer-links.server");
const { promiseToPay } = await import("~/models/payment-promises.server");
const { raiseInvoiceQuery, resolveInvoiceQuery, openInvoiceQueries } = await import("~/models/invoice-queries.server");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const morningOf = (day: string) => at(`${day}T10:00`, ZONE);

let workspace: TestWorkspace;
let ownerId: string;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  const [owner] = await db.execute<{ user_id: string }>(sql`select user_id from memberships where workspace_id = ${workspace.workspaceId} and role = 'owner' limit 1`);
  ownerId = owner.user_id;
});

/** The customer page's token from the one reminder this address received (its text part, as a customer's mail client shows it). */
async function linkTokenIn(address: string) {
  const [message] = await receivedBy(world.mailbox, address);
  const match = /\/pay\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(message.text ?? "");
  expect(match, "the reminder links to the customer's page").not.toBeNull();
  return match![1];
}

const page = (token: string) => callRoute(route.loader, new Request(`http://localhost/pay/${token}`), { token });
const say = (token: string, fields: Record<string, string>) =>
  callRoute(route.action, new Request(`http://localhost/pay/${token}`, { method: "POST", body: new URLSearchParams(fields) }), { token });
const historyOf = (xeroInvoiceId: string) => world.sandbox.store.book(workspace.tenantId)!.invoices.get(xeroInvoiceId)!.history.map((entry) => entry.details);
const pausedUntil = async (invoiceId: string) => (await db.select({ until: invoices.remindersPausedUntil }).from(invoices).where(eq(invoices.id, invoiceId)))[0].until;

describe("a promise to pay", () => {
  it("holds reminders until the promised day and its grace, is noted in Xero, and the next reminder says the payment has not arrived", async () => {
    const contact = await workspace.contact({ name: "Aroha's Café", emailAddress: "accounts@aroha.test" });
    const invoice = await workspace.invoice(contact, { dueDate: daysFrom(TODAY, -7), amount: "120.00" });
    await workspace.sync();
    await remindAt(NOW);
    const token = await linkTokenIn("accounts@aroha.test");

    // The email's link, on the email's own clock (it works for 60 days from sending), names this customer.
    const contactId = await workspace.solidoContactId(contact);
    expect(checkCustomerLink(token, NOW)).toMatchObject({ ok: true, subject: { workspaceId: workspace.workspaceId, contactId } });
    expect(checkCustomerLink(token, new Date(NOW.getTime() + 61 * 86_400_000))).toMatchObject({ ok: false, reason: "expired" });
    const { customerPage } = await import("~/models/customer-page.server");
    const shown = await customerPage({ workspaceId: workspace.workspaceId, contactId }, NOW);
    expect(shown?.contactName).toBe("Aroha's Café");
    expect(shown?.invoices.map((line) => line.number)).toEqual([invoice.number]);

    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const promised = daysFrom(TODAY, 5); // Monday 16 June
    expect(await promiseToPay({ workspaceId: workspace.workspaceId, contactId }, { invoiceId, promisedFor: promised }, NOW)).toMatchObject({ ok: true });
    expect((await customerPage({ workspaceId: workspace.workspaceId, contactId }, NOW))?.invoices[0].promisedFor).toBe("16 June 2025");
    // Reminders may go again from the start of the day after the grace (16 + 3 → from 20 June), Auckland time.
    expect(await pausedUntil(invoiceId)).toEqual(at("2025-06-20T00:00", ZONE));
    // The invoice page's "next reminder" says what the planner will do: the held step on the day the promise's grace ends.
    const { listUpcomingReminders } = await import("~/models/upcoming-reminders.server");
    const [next] = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 60, timeZone: ZONE, invoiceId, limit: 1, now: NOW });
    expect(next).toMatchObject({ sendOn: "2025-06-20", offsetDays: 14 });
    await runJobsAt(NOW);
    expect(historyOf(invoice.xeroInvoiceId).filter((note) => note.includes("promised to pay by 16 June 2025"))).toHaveLength(1);

    // The 14-days step falls due on 18 June, inside the promise: nothing goes.
    await remindAt(morningOf(daysFrom(TODAY, 7)));
    expect(await receivedBy(world.mailbox, "accounts@aroha.test")).toHaveLength(1);

    // Friday 20 June, still unpaid: the held step goes, and says so first, after the greeting.
    await remindAt(morningOf(daysFrom(TODAY, 9)));
    const [, after] = await receivedBy(world.mailbox, "accounts@aroha.test");
    expect(after).toBeDefined();
    const text = after.text!.replace(/\s+/g, " ");
    expect(text).toMatch(/^.*Hi Aroha's Café, Thank you for letting us know you would pay invoice \S+ by 16 June 2025\. We haven't received the payment yet/);
  });

  it("is refused for a day already past or too far ahead (changing nothing), and after three in a day", async () => {
    const contact = await workspace.contact({ name: "Careful Ltd", emailAddress: "pay@careful.test" });
    const invoice = await workspace.invoice(contact, { dueDate: daysFrom(TODAY, -7), amount: "50.00" });
    await workspace.sync();
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const subject = { workspaceId: workspace.workspaceId, contactId: await workspace.solidoContactId(contact) };
    expect(await promiseToPay(subject, { invoiceId, promisedFor: daysFrom(TODAY, -1) }, NOW)).toEqual({ ok: false, refusal: "in_the_past" });
    expect(await promiseToPay(subject, { invoiceId, promisedFor: daysFrom(TODAY, 61) }, NOW)).toEqual({ ok: false, refusal: "too_far" });
    expect(await promiseToPay(subject, { invoiceId, promisedFor: "2025-02-30" }, NOW)).toEqual({ ok: false, refusal: "not_a_date" });
    expect(await pausedUntil(invoiceId)).toBeNull();
    // Three changes of day in a day are taken; a fourth is refused (each is a note in Xero and a change to the business's plans).
    for (const days of [2, 3, 4]) expect(await promiseToPay(subject, { invoiceId, promisedFor: daysFrom(TODAY, days) }, NOW)).toMatchObject({ ok: true });
    expect(await promiseToPay(subject, { invoiceId, promisedFor: daysFrom(TODAY, 5) }, NOW)).toEqual({ ok: false, refusal: "too_often" });
  });
});

describe("a query", () => {
  it("stops reminders, emails the business the customer's words escaped, is noted in Xero, and resolving it resumes reminders", async () => {
    const contact = await workspace.contact({ name: "Kauri Builders", emailAddress: "pay@kauri.test" });
    const invoice = await workspace.invoice(contact, { dueDate: daysFrom(TODAY, -7), amount: "900.00" });
    await workspace.sync();
    await remindAt(NOW);
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const subject = { workspaceId: workspace.workspaceId, contactId: await workspace.solidoContactId(contact) };
    const before = (await world.mailbox.messages()).length;

    const raised = await raiseInvoiceQuery(subject, { invoiceId, message: "We returned <b>two</b> pallets — please send a credit note." });
    expect(raised).toMatchObject({ ok: true });
    // A second post while the first is open emails no one again.
    expect(await raiseInvoiceQuery(subject, { invoiceId, message: "Hello again" })).toEqual({ ok: false, refusal: "already_asked" });
    await runJobsAt(NOW);
    const told = (await world.mailbox.messages()).slice(0, (await world.mailbox.messages()).length - before).filter((message) => message.subject?.includes("has a question about invoice"));
    expect(told).toHaveLength(1);
    expect(told[0].envelope.rcptTo).toEqual(["demo@solido.test"]);
    expect(told[0].subject).toBe(`Kauri Builders has a question about invoice ${invoice.number}`);
    expect(told[0].html).toContain("We returned &lt;b&gt;two&lt;/b&gt; pallets");
    expect(told[0].html).not.toContain("<b>two</b>");
    expect(historyOf(invoice.xeroInvoiceId).filter((note) => note.startsWith('The customer queried this invoice through Solido: "We returned <b>two</b> pallets'))).toHaveLength(1);
    expect((await openInvoiceQueries(workspace.workspaceId)).map((query) => query.invoiceNumber)).toEqual([invoice.number]);

    // The 14-days step's day: no reminder while the query is open.
    await remindAt(morningOf(daysFrom(TODAY, 7)));
    expect(await receivedBy(world.mailbox, "pay@kauri.test")).toHaveLength(1);

    expect(await resolveInvoiceQuery(workspace.workspaceId, ownerId, raised.ok ? raised.query.id : "")).not.toBeNull();
    expect(await pausedUntil(invoiceId)).toBeNull();
    expect(await openInvoiceQueries(workspace.workspaceId)).toEqual([]);
    await remindAt(morningOf(daysFrom(TODAY, 8)));
    expect(await receivedBy(world.mailbox, "pay@kauri.test")).toHaveLength(2);
  });

  it("puts back the pause the business had set when the query is resolved", async () => {
    const contact = await workspace.contact({ name: "Paused Already Ltd", emailAddress: "pay@paused.test" });
    const invoice = await workspace.invoice(contact, { dueDate: daysFrom(TODAY, -7), amount: "10.00" });
    await workspace.sync();
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const { setReminderPause } = await import("~/models/reminder-pauses.server");
    // Resolving happens now (real time): a pause the business set that still lasts then.
    const until = new Date(Math.floor(Date.now() / 1000 + 30 * 86_400) * 1000);
    await setReminderPause({ kind: "invoice", id: invoiceId }, { workspaceId: workspace.workspaceId, userId: ownerId, until, reason: "Agreed a payment plan" });
    const raised = await raiseInvoiceQuery({ workspaceId: workspace.workspaceId, contactId: await workspace.solidoContactId(contact) }, { invoiceId, message: "Wrong amount" });
    expect(raised.ok).toBe(true);
    expect(await pausedUntil(invoiceId)).toEqual(new Date("9999-12-31T00:00:00Z"));
    // Resolving lifts the query's pause only: the payment plan's pause stands, with its reason.
    await resolveInvoiceQuery(workspace.workspaceId, ownerId, raised.ok ? raised.query.id : "");
    expect(await pausedUntil(invoiceId)).toEqual(until);
    const [row] = await db.select({ reason: invoices.remindersPausedReason }).from(invoices).where(eq(invoices.id, invoiceId));
    expect(row.reason).toBe("Agreed a payment plan");
  });
});

describe("the link", () => {
  it("opens one customer's invoices of one workspace: another customer's invoice cannot be promised or queried through it", async () => {
    const mine = await workspace.contact({ name: "Mine Ltd", emailAddress: "pay@mine.test" });
    const theirs = await workspace.contact({ name: "Theirs Ltd", emailAddress: "pay@theirs.test" });
    const myInvoice = await workspace.invoice(mine, { dueDate: daysFrom(TODAY, -7), amount: "10.00" });
    const theirInvoice = await workspace.invoice(theirs, { dueDate: daysFrom(TODAY, -7), amount: "20.00" });
    await workspace.sync();
    const token = customerLinkToken({ workspaceId: workspace.workspaceId, contactId: await workspace.solidoContactId(mine) }, new Date(Date.now() + 86_400_000));
    const shown = await (await page(token)).json();
    expect(shown.page.invoices.map((line: { number: string }) => line.number)).toEqual([myInvoice.number]);

    const theirId = await workspace.solidoInvoiceId(theirInvoice.xeroInvoiceId);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const promised = await say(token, { intent: "promise", invoiceId: theirId, promisedFor: tomorrow });
    expect(promised.status).toBe(400);
    expect(await promised.json()).toMatchObject({ ok: false, error: "This invoice has nothing left to pay." });
    const queried = await say(token, { intent: "query", invoiceId: theirId, message: "Not mine" });
    expect(queried.status).toBe(400);
    expect(await pausedUntil(theirId)).toBeNull();
    expect(await openInvoiceQueries(workspace.workspaceId)).toEqual([]);

    // A post far bigger than the form is refused unread.
    const huge = await say(token, { intent: "query", invoiceId: theirId, message: "x".repeat(100_000) });
    expect(huge.status).toBe(413);

    // Through the page itself, for their own invoice, it works.
    const mineId = await workspace.solidoInvoiceId(myInvoice.xeroInvoiceId);
    expect((await say(token, { intent: "query", invoiceId: mineId, message: "Which delivery is this?" })).status).toBe(200);
    expect(await pausedUntil(mineId)).not.toBeNull();
  });

  it("opens nothing when altered, and names the business when expired", async () => {
    const contact = await workspace.contact({ name: "Link Ltd", emailAddress: "pay@link.test" });
    const other = await workspace.contact({ name: "Other Ltd", emailAddress: "pay@other.test" });
    await workspace.sync();
    const contactId = await workspace.solidoContactId(contact);
    const token = customerLinkToken({ workspaceId: workspace.workspaceId, contactId }, new Date(Date.now() + 86_400_000));
    const [payload, signature] = token.split(".");
    // Another customer's id under this link's signature.
    const swapped = Buffer.from(Buffer.from(payload, "base64url").toString().replace(contactId, await workspace.solidoContactId(other))).toString("base64url");
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    for (const altered of [`${swapped}.${signature}`, `${payload}.${flipped}`, payload, `${token}.x`, "nonsense"]) {
      const response = await page(altered);
      expect(response.status, altered).toBe(404);
      expect(await response.json()).toEqual({ problem: "unknown", business: null, page: null });
      expect((await say(altered, { intent: "query", invoiceId: crypto.randomUUID(), message: "x" })).status).toBe(404);
    }
    const expired = customerLinkToken({ workspaceId: workspace.workspaceId, contactId }, new Date(Date.now() - 1000));
    const response = await page(expired);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ problem: "expired", page: null, business: expect.stringMatching(/Reminder Test Org/) });
  });
});
