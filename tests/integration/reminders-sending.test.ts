// What reaches customers, checked at a real SMTP server: one email per
// customer per day, never after payment, never to a paused or disconnected
// workspace, one catch-up step on going live, bounces and hostile data
// handled, history notes in Xero, and a crashed send settled without a resend.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { control } from "../support/sandbox-app";
import { at, liveWorkspace, receivedBy, remindAt, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { contacts, invoices, reminderEmails, reminders, workspaces, xeroCallLeases } = await import("~db/schema");
const { previewDueReminders, planReminders } = await import("~/reminders/planner.server");
const { prepareReminderEmails } = await import("~/reminders/prepare.server");
const { sendReminderEmail, sendReminderEmails } = await import("~/reminders/send.server");
const { noteSentReminders } = await import("~/reminders/history-notes.server");
const { PAUSED_INDEFINITELY } = await import("~/models/reminder-pauses.server");
const { createEmailTransport } = await import("~/server/email.server");
const { rawMessage } = await import("~mailbox/client");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  world.mailbox.faults.clear();
});

async function amountDueInXero(xeroInvoiceId: string) {
  const book = world.sandbox.store.book(workspace.tenantId)!;
  const invoice = book.invoices.get(xeroInvoiceId)!;
  return book.amountDue(invoice);
}

describe("one email per customer per day", () => {
  it("sends a customer with three invoices due a reminder today one email listing each, with the total", async () => {
    const contactId = await workspace.contact({ name: "Aroha's Café", emailAddress: "accounts@aroha.test" });
    const due = [
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "100.00", reference: "Beans" }),
      await workspace.invoice(contactId, { dueDate: TODAY, amount: "250.50", reference: "Grinder" }),
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -14), amount: "40.00", reference: "Cups" }),
    ];
    await workspace.sync();

    await remindAt(NOW);

    const [message, ...others] = await receivedBy(world.mailbox, "accounts@aroha.test");
    expect(others).toHaveLength(0);
    for (const invoice of due) expect(message.html).toContain(invoice.number);
    expect(message.text).toContain("Total due");
    const total = (await Promise.all(due.map((invoice) => amountDueInXero(invoice.xeroInvoiceId)))).reduce((sum, cents) => sum + cents, 0);
    const formatted = new Intl.NumberFormat("en-NZ", { style: "currency", currency: "NZD" }).format(total / 100);
    expect(message.text).toContain(formatted);
    expect(message.html!.match(/View and pay invoice/g)).toHaveLength(3);
    // The firmest step among them speaks for all (the 14-day one), in its first-contact words: none of them was reminded before.
    expect(message.subject).toMatch(/^3 invoices from .+ are now due — /);
    expect(`${message.subject} ${message.text}`).not.toMatch(/second reminder|earlier reminder/i);
    expect(await workspace.reminders()).toHaveLength(3);

    await remindAt(new Date(NOW.getTime() + 3 * 3_600_000));
    expect(await receivedBy(world.mailbox, "accounts@aroha.test")).toHaveLength(1);
  });
});

describe("never after payment", () => {
  it("does not send a reminder for an invoice paid in Xero a minute before sending", async () => {
    const contactId = await workspace.contact({ name: "Late Payer", emailAddress: "late@payer.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: TODAY, amount: "80.00" });
    await workspace.sync();

    const planned = await planReminders(NOW);
    expect(planned.reminders).toBe(1);
    // Paid in Xero after the plan, before the payment check; Solido has not synced it.
    await workspace.pay(invoice.xeroInvoiceId);
    await runJobsAt(new Date(NOW.getTime() + 60_000));

    expect(await receivedBy(world.mailbox, "late@payer.test")).toHaveLength(0);
    const [email] = await workspace.emails();
    expect(email.status).toBe("dropped");
    const [reminder] = await workspace.reminders();
    expect(reminder).toMatchObject({ status: "skipped", skippedReason: "paid" });
    const checks = world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Invoices" });
    expect(checks.some((call) => call.query.includes(invoice.xeroInvoiceId))).toBe(true);
  });

  it("shows the amount still due after a part payment made since the last sync", async () => {
    const contactId = await workspace.contact({ name: "Part Payer", emailAddress: "part@payer.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "200.00" });
    await workspace.sync();
    await workspace.pay(invoice.xeroInvoiceId, "50.00");

    await remindAt(NOW);

    const [message] = await receivedBy(world.mailbox, "part@payer.test");
    const left = new Intl.NumberFormat("en-NZ", { style: "currency", currency: "NZD" }).format((await amountDueInXero(invoice.xeroInvoiceId)) / 100);
    expect(message.text).toContain(left);
    const [reminder] = await workspace.reminders();
    expect(Number(reminder.amountDue) * 100).toBe(await amountDueInXero(invoice.xeroInvoiceId));
  });
});

describe("who is not sent to", () => {
  it("does not email a contact without an address, and lists the invoice as needing attention", async () => {
    const contactId = await workspace.contact({ name: "No Email Ltd" });
    const invoice = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "60.00" });
    await workspace.sync();

    await remindAt(NOW);

    expect(await workspace.emails()).toHaveLength(0);
    const preview = await previewDueReminders(workspace.workspaceId, NOW);
    expect(preview).toEqual([expect.objectContaining({ invoiceId: await workspace.solidoInvoiceId(invoice.xeroInvoiceId), blocked: "no_email" })]);
  });

  it("sends nothing for a paused invoice, a paused customer or a paused workspace, and resumes once the pause ends", async () => {
    const pausedInvoiceContact = await workspace.contact({ name: "Invoice Paused", emailAddress: "a@paused.test" });
    const pausedInvoice = await workspace.invoice(pausedInvoiceContact, { dueDate: daysFrom(TODAY, -7), amount: "10.00" });
    const pausedContact = await workspace.contact({ name: "Customer Paused", emailAddress: "b@paused.test" });
    await workspace.invoice(pausedContact, { dueDate: daysFrom(TODAY, -7), amount: "10.00" });
    await workspace.sync();
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    // Paused from the invoice page without a reason: the pause alone must hold.
    await db.update(invoices).set({ remindersPausedReason: null, remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(invoices.id, await workspace.solidoInvoiceId(pausedInvoice.xeroInvoiceId)));
    await db.update(contacts).set({ remindersPausedReason: "On a payment plan", remindersPausedUntil: tomorrow }).where(eq(contacts.id, await workspace.solidoContactId(pausedContact)));

    await remindAt(NOW);
    expect(await workspace.emails()).toHaveLength(0);
    const reasons = (await previewDueReminders(workspace.workspaceId, NOW)).map((due) => due.blocked).sort();
    expect(reasons).toEqual(["contact_paused", "invoice_paused"]);

    await db.update(workspaces).set({ remindersPausedReason: "Holidays", remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(workspaces.id, workspace.workspaceId));
    await remindAt(new Date(tomorrow.getTime() + 3_600_000));
    expect(await workspace.emails()).toHaveLength(0);

    await db.update(workspaces).set({ remindersPausedUntil: null }).where(eq(workspaces.id, workspace.workspaceId));
    await remindAt(new Date(tomorrow.getTime() + 2 * 3_600_000));
    expect(await receivedBy(world.mailbox, "b@paused.test")).toHaveLength(1);
    expect(await receivedBy(world.mailbox, "a@paused.test")).toHaveLength(0);
  });

  it("sends nothing for a workspace whose organisation was disconnected in Xero", async () => {
    const contactId = await workspace.contact({ name: "Disconnected Customer", emailAddress: "d@disconnected.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "90.00" });
    await workspace.sync();
    const { control } = await import("../support/sandbox-app");
    await control(world.sandbox, "/connections/revoke", { tenantId: workspace.tenantId });

    await remindAt(NOW);

    expect(await receivedBy(world.mailbox, "d@disconnected.test")).toHaveLength(0);
    expect((await workspace.emails()).map((email) => email.status)).toEqual(["dropped"]);
    // Now that Solido knows, the planner does not even plan for it.
    await remindAt(new Date(NOW.getTime() + 86_400_000));
    expect(await workspace.emails()).toHaveLength(1);
  });
});

describe("going live", () => {
  it("sends an invoice that missed several steps only the latest one, once", async () => {
    await db.update(workspaces).set({ reminderMode: "preview" }).where(eq(workspaces.id, workspace.workspaceId));
    const contactId = await workspace.contact({ name: "Long Overdue", emailAddress: "long@overdue.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -40), amount: "500.00" });
    await workspace.sync();

    await remindAt(NOW);
    expect(await workspace.emails()).toHaveLength(0);
    expect(await previewDueReminders(workspace.workspaceId, NOW)).toEqual([expect.objectContaining({ offsetDays: 30, blocked: null })]);

    await db.update(workspaces).set({ reminderMode: "live" }).where(eq(workspaces.id, workspace.workspaceId));
    for (let day = 0; day < 5; day++) await remindAt(new Date(NOW.getTime() + day * 86_400_000));

    const messages = await receivedBy(world.mailbox, "long@overdue.test");
    expect(messages).toHaveLength(1);
    // The latest step's timing, but the customer's first email about it: no "Final reminder", no "earlier reminders".
    expect(messages[0].subject).toMatch(/^Payment needed: invoice .+ is 40 days overdue$/);
    expect(`${messages[0].subject} ${messages[0].text}`).not.toMatch(/final reminder|earlier reminder|second reminder/i);
  });

  it("speaks of earlier reminders once one about the invoice was actually sent", async () => {
    const contactId = await workspace.contact({ name: "Slow Payer", emailAddress: "slow@payer.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "70.00" });
    await workspace.sync();

    await remindAt(NOW);
    await remindAt(new Date(NOW.getTime() + 7 * 86_400_000));

    const [first, second] = await receivedBy(world.mailbox, "slow@payer.test");
    expect(first.subject).toMatch(/^Invoice .+ is now overdue$/);
    expect(second.subject).toMatch(/^Second reminder: invoice .+ is 14 days overdue$/);
  });
});

describe("the cut-off for old invoices", () => {
  it("chases only invoices due within the workspace's cut-off (90 days unless changed), in the preview and when sending", async () => {
    const contactId = await workspace.contact({ name: "Ancient Debt", emailAddress: "ancient@debt.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -400), amount: "900.00" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -60), amount: "60.00" });
    await workspace.sync();

    const [row] = await db.select({ days: workspaces.chaseWithinDays }).from(workspaces).where(eq(workspaces.id, workspace.workspaceId));
    expect(row.days).toBe(90);
    expect(await previewDueReminders(workspace.workspaceId, NOW)).toHaveLength(1);
    await remindAt(NOW);
    const [message, ...others] = await receivedBy(world.mailbox, "ancient@debt.test");
    expect(others).toHaveLength(0);
    expect(message.subject).toContain("60 days overdue");

    // No cut-off: the ancient one is chased too, from the next pass (its plan mark goes with the change).
    const { setChaseWithinDays } = await import("~/reminders/settings.server");
    const [owner] = await db.execute<{ user_id: string }>(sql`select user_id from memberships where workspace_id = ${workspace.workspaceId} limit 1`);
    await setChaseWithinDays(workspace.workspaceId, owner.user_id, null);
    const later = new Date(NOW.getTime() + 86_400_000);
    expect(await previewDueReminders(workspace.workspaceId, later)).toEqual([expect.objectContaining({ offsetDays: 30, blocked: null })]);
    await runJobsAt(later);
    expect(await receivedBy(world.mailbox, "ancient@debt.test")).toHaveLength(2);
  });
});

describe("hostile data", () => {
  it("keeps script and header-injection payloads in names, references and addresses inert", async () => {
    const contactId = await workspace.contact({
      name: "Evil\r\nBcc: victim@attacker.test\r\nX-Injected: yes <script>alert(1)</script>",
      emailAddress: "target@customer.test",
      contactPersons: [{ firstName: "Cc", lastName: "Person", emailAddress: "cc@customer.test\r\nBcc: victim2@attacker.test", includeInEmails: true }],
    });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "12.00", reference: '<script>alert("xss")</script><img src=x onerror=alert(1)>' });
    await workspace.sync();

    await remindAt(NOW);

    const delivered = await world.mailbox.messages();
    expect(delivered.some((candidate) => candidate.envelope.rcptTo.some((rcpt) => rcpt.includes("attacker")))).toBe(false);
    const [message] = await receivedBy(world.mailbox, "target@customer.test");
    expect(message.envelope.rcptTo).toEqual(["target@customer.test"]);
    expect(message.to[0].name).toContain("Evil");
    expect(message.headers.some((header) => /^(bcc|x-injected)$/i.test(header.name))).toBe(false);
    expect(message.html).not.toContain("<script>");
    expect(message.html).not.toContain("<img src=x");
    expect(message.html).toContain("&lt;script&gt;");
    const header = (await rawMessage(world.mailbox.url, message.id)).split(/\r?\n\r?\n/)[0];
    expect(header).not.toMatch(/^X-Injected:/im);
    expect(header).not.toMatch(/^Bcc:/im);
    expect(message.text).toContain("Hi Evil Bcc: victim@attacker.test X-Injected: yes <script>");
  });
});

describe("after sending", () => {
  it("notes the reminder in the invoice's history in Xero", async () => {
    const contactId = await workspace.contact({ name: "History Customer", emailAddress: "history@customer.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "70.00" });
    await workspace.sync();

    await remindAt(NOW);

    const history = world.sandbox.store.book(workspace.tenantId)!.invoices.get(invoice.xeroInvoiceId)!.history;
    expect(history.filter((entry) => entry.details.includes("Payment reminder sent to history@customer.test by Solido"))).toHaveLength(1);
    const [reminder] = await workspace.reminders();
    expect(reminder.historyNotedAt).not.toBeNull();
  });

  it("writes the history note once when a note Xero took is retried (the worker stopped before recording it)", async () => {
    const contactId = await workspace.contact({ name: "Retried Note Customer", emailAddress: "retried-note@customer.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "75.00" });
    await workspace.sync();
    await remindAt(NOW);
    const noted = () =>
      world.sandbox.store
        .book(workspace.tenantId)!
        .invoices.get(invoice.xeroInvoiceId)!
        .history.filter((entry) => entry.details.includes("Payment reminder sent to retried-note@customer.test by Solido")).length;
    expect(noted()).toBe(1);

    // Xero wrote the note, but the worker died before writing down that it had: the job runs again.
    const [email] = await workspace.emails();
    await db.update(reminders).set({ historyNotedAt: null }).where(eq(reminders.emailId, email.id));
    const calls = () => world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: `/api.xro/2.0/Invoices/${invoice.xeroInvoiceId}/History` }).length;
    const before = calls();
    const retried = await noteSentReminders([email.id]);

    expect(retried).toEqual({ ok: true, value: { noted: 1, gaveUp: null } });
    expect(calls()).toBe(before + 1);
    expect(noted()).toBe(1);
    const [reminder] = await workspace.reminders();
    expect(reminder.historyNotedAt).not.toBeNull();
  });

  it("notes each invoice of a grouped email once, and carries on after Xero asks it to slow down partway through", async () => {
    const contactId = await workspace.contact({ name: "Round Customer", emailAddress: "rounds@customer.test" });
    const due = [
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "10.00" }),
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "20.00" }),
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "30.00" }),
    ];
    await workspace.sync();
    // The second note of the round is answered 429: the round stops there, gives back the slot it did not use, and the rest follows after the pause.
    await control(world.sandbox, "/faults", { kind: "429", tenantId: workspace.tenantId, pathPrefix: `/api.xro/2.0/Invoices/${due[1].xeroInvoiceId}/History`, retryAfterSeconds: 1 });

    await remindAt(NOW);

    const book = world.sandbox.store.book(workspace.tenantId)!;
    for (const invoice of due) {
      expect(book.invoices.get(invoice.xeroInvoiceId)!.history.filter((entry) => entry.details.includes("Payment reminder sent to rounds@customer.test by Solido"))).toHaveLength(1);
    }
    const historyCalls = world.sandbox.callLog.list({ tenantId: workspace.tenantId }).filter((call) => /\/Invoices\/[^/]+\/History$/.test(call.path));
    expect(historyCalls).toHaveLength(due.length + 1);
    expect((await workspace.reminders()).map((reminder) => reminder.historyNotedAt)).toEqual(due.map(() => expect.any(Date)));
    expect(await db.select().from(xeroCallLeases).where(eq(xeroCallLeases.tenantId, workspace.tenantId))).toEqual([]);
  });

  it("marks a contact whose address the mail server refuses permanently as bouncing, and stops emailing it", async () => {
    world.mailbox.faults.add({ recipient: "*@bounce.test", code: 550 });
    const contactId = await workspace.contact({ name: "Bouncer", emailAddress: "gone@bounce.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "30.00" });
    await workspace.sync();

    await remindAt(NOW);

    const [email] = await workspace.emails();
    expect(email.status).toBe("failed");
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, await workspace.solidoContactId(contactId)));
    expect(contact.emailBouncingSince).not.toBeNull();
    expect(await previewDueReminders(workspace.workspaceId, new Date(NOW.getTime() + 7 * 86_400_000))).toEqual([expect.objectContaining({ blocked: "email_bouncing" })]);
  });

  it("retries a temporary SMTP refusal and delivers once", async () => {
    world.mailbox.faults.add({ code: 451, times: 1 });
    const contactId = await workspace.contact({ name: "Greylisted", emailAddress: "grey@listed.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "30.00" });
    await workspace.sync();

    await remindAt(NOW);
    const [first] = await workspace.emails();
    expect(first).toMatchObject({ status: "queued", attempts: 1 });
    expect(first.lastError).toMatch(/Temporary failure/);

    // graphile-worker's backoff makes the job due again a little later.
    await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier = 'reminder_email_send')`);
    await runJobsAt(new Date(NOW.getTime() + 60_000));
    expect(await receivedBy(world.mailbox, "grey@listed.test")).toHaveLength(1);
    const [email] = await workspace.emails();
    expect(email).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("exactly once", () => {
  it("settles a send cut off after handing the message to the server as sent, without sending it again", async () => {
    const contactId = await workspace.contact({ name: "Crash Customer", emailAddress: "crash@customer.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "45.00" });
    await workspace.sync();
    await planReminders(NOW);
    await prepareReminderEmails(workspace.workspaceId, NOW);
    const [email] = await workspace.emails();

    // A worker that stops dead right after the server accepted the message: its send never returns.
    const real = createEmailTransport(world.mailbox.smtpUrl);
    let accepted: () => void = () => {};
    const serverAccepted = new Promise<void>((resolve) => (accepted = resolve));
    const frozen = Object.assign(Object.create(real), {
      sendMail: async (...args: Parameters<typeof real.sendMail>) => {
        await real.sendMail(...args);
        accepted();
        return new Promise(() => {});
      },
    }) as typeof real;
    void sendReminderEmail(email.id, NOW, frozen);
    await serverAccepted;
    real.close();
    // The hand-over was committed before the dot went to the server.
    const [cutOff] = await workspace.emails();
    expect(cutOff).toMatchObject({ status: "queued" });
    expect(cutOff.handedOverAt).not.toBeNull();

    // While the stopped attempt's lease runs, it may yet hear the server's answer: nobody else touches it.
    expect(await sendReminderEmail(email.id, NOW)).toBe("elsewhere");
    await db.update(reminderEmails).set({ claimedUntil: new Date(Date.now() - 1_000) }).where(eq(reminderEmails.id, email.id));
    expect(await sendReminderEmail(email.id, NOW)).toBe("recovered");
    expect(await sendReminderEmail(email.id, NOW)).toBe("nothing_to_do");
    expect(await receivedBy(world.mailbox, "crash@customer.test")).toHaveLength(1);
    const [settled] = await db.select().from(reminderEmails).where(eq(reminderEmails.id, email.id));
    expect(settled.status).toBe("sent");
  });
});

describe("two live senders", () => {
  // In production a second sender appears whenever a job is freed from a worker that is alive after all
  // (it lost its liveness connection): both then run the same batch at the same moment.
  it("send each email of a batch they both run at once exactly once: the other sender leaves it alone", async () => {
    const addresses = Array.from({ length: 8 }, (_, index) => `twice-${index}@customer.test`);
    for (const [index, emailAddress] of addresses.entries()) {
      const contactId = await workspace.contact({ name: `Twice Customer ${index}`, emailAddress });
      await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: `${10 + index}.00` });
    }
    await workspace.sync();
    await planReminders(NOW);
    await prepareReminderEmails(workspace.workspaceId, NOW);
    const emailIds = (await workspace.emails()).map((email) => email.id);
    expect(emailIds).toHaveLength(addresses.length);

    const first = createEmailTransport(world.mailbox.smtpUrl);
    const second = createEmailTransport(world.mailbox.smtpUrl);
    try {
      const outcomes = await Promise.all([sendReminderEmails(emailIds, NOW, first), sendReminderEmails(emailIds, NOW, second)]);
      for (const id of emailIds) expect(outcomes.map((each) => each.get(id)).sort()).toEqual(["elsewhere", "sent"]);
    } finally {
      first.close();
      second.close();
    }

    for (const address of addresses) expect(await receivedBy(world.mailbox, address)).toHaveLength(1);
    expect((await workspace.emails()).map((email) => email.status)).toEqual(addresses.map(() => "sent"));
  });
});
