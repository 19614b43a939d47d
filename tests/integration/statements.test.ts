// Statements, checked at a real SMTP server against the Xero sandbox: the
// monthly one goes on its day in the organisation's time zone (and on the next
// sending weekday when that day is not one), lists every open invoice with the
// totals per currency, never goes to a customer with nothing open, never while
// Xero is disconnected or reminders are paused or in preview, and never twice
// for one customer and month, however many planners and senders run at once.
// "Send statement now" goes through the same path.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { contacts, users, workspaces } = await import("~db/schema");
const { planStatements } = await import("~/statements/planner.server");
const { prepareStatements } = await import("~/statements/prepare.server");
const { sendReminderEmails } = await import("~/reminders/send.server");
const { prepareReminderEmails } = await import("~/reminders/prepare.server");
const { sql } = await import("~/server/db.server");
const { sendStatementNow } = await import("~/statements/send-now.server");
const { planReminders } = await import("~/reminders/planner.server");
const { createEmailTransport } = await import("~/server/email.server");
const { PAUSED_INDEFINITELY } = await import("~/models/reminder-pauses.server");
const { control } = await import("../support/sandbox-app");
const { statementDueOn, LAST_DAY_OF_MONTH } = await import("~/statements/schedule");

const ZONE = "Pacific/Auckland";
const money = (cents: number, currency: string) => new Intl.NumberFormat("en-NZ", { style: "currency", currency }).format(cents / 100);

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  // Any hour, any day, unless a test says otherwise: the day of the month is what is under test.
  await settings({ monthlyStatementDay: 1, sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] });
});

async function settings(values: Partial<typeof workspaces.$inferInsert>) {
  await db.update(workspaces).set(values).where(eq(workspaces.id, workspace.workspaceId));
}

/** What the crontab's pass does at `now` for statements, then every job it leads to. */
async function statementsAt(now: Date) {
  const planned = await planStatements(now);
  await runJobsAt(now);
  return planned;
}

/** What Xero says is due on an invoice now, in cents (the sandbox adds tax to an invoice's lines). */
async function dueInXero(xeroInvoiceId: string) {
  const book = world.sandbox.store.book(workspace.tenantId)!;
  return book.amountDue(book.invoices.get(xeroInvoiceId)!);
}

const statements = async () => (await workspace.emails()).filter((email) => email.kind === "statement");

describe("the day of the month, in the organisation's time zone", () => {
  it("sends nothing at 23:30 on the last evening of the month in Auckland, and the statement at 00:30 on the 1st (still the 31st in UTC)", async () => {
    const contactId = await workspace.contact({ name: "Midnight Café", emailAddress: "midnight@cafe.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: "2025-08-20", amount: "120.00" });
    await workspace.sync();

    const evening = at("2025-08-31T23:30", ZONE);
    expect((await statementsAt(evening)).statements).toBe(0);
    expect(await receivedBy(world.mailbox, "midnight@cafe.test")).toHaveLength(0);

    const justAfterMidnight = at("2025-09-01T00:30", ZONE);
    expect(justAfterMidnight.toISOString().slice(0, 10)).toBe("2025-08-31");
    expect((await statementsAt(justAfterMidnight)).statements).toBe(1);
    const [message, ...others] = await receivedBy(world.mailbox, "midnight@cafe.test");
    expect(others).toHaveLength(0);
    expect(message.subject).toBe(`Statement from Reminder Test Org ${await orgNumber()} — ${money(await dueInXero(invoice.xeroInvoiceId), "NZD")} due`);
    expect(message.text).toContain("Statement as at 1 September 2025");
    expect(message.text).toContain("12 days overdue");
    const [email] = await statements();
    expect(email).toMatchObject({ statementPeriod: "2025-09", sendDate: "2025-09-01", status: "sent" });

    // The rest of the day, and the rest of the month: nothing more.
    await statementsAt(at("2025-09-01T15:00", ZONE));
    await statementsAt(at("2025-09-02T10:00", ZONE));
    expect(await receivedBy(world.mailbox, "midnight@cafe.test")).toHaveLength(1);
  });

  it("moves a last-day statement that falls on a Sunday to Monday, as the month's statement", async () => {
    // 31 August 2025 is a Sunday.
    await settings({ monthlyStatementDay: LAST_DAY_OF_MONTH, sendWeekdays: [1, 2, 3, 4, 5], sendWindowStartHour: 9, sendWindowEndHour: 17 });
    expect(statementDueOn("2025-09-01", LAST_DAY_OF_MONTH, [1, 2, 3, 4, 5])).toMatchObject({ period: "2025-08", scheduledOn: "2025-08-31" });
    const contactId = await workspace.contact({ name: "Weekend Wares", emailAddress: "weekend@wares.test" });
    await workspace.invoice(contactId, { dueDate: "2025-08-25", amount: "40.00" });
    await workspace.sync();

    expect((await statementsAt(at("2025-08-31T10:00", ZONE))).statements).toBe(0);
    expect((await statementsAt(at("2025-09-01T08:30", ZONE))).statements).toBe(0);
    expect((await statementsAt(at("2025-09-01T09:05", ZONE))).statements).toBe(1);
    const [email] = await statements();
    expect(email).toMatchObject({ statementPeriod: "2025-08", sendDate: "2025-09-01", status: "sent" });
    expect(await receivedBy(world.mailbox, "weekend@wares.test")).toHaveLength(1);
  });
});

describe("what a statement lists", () => {
  it("lists every open invoice with its amount due, due date and days overdue, and the total per currency", async () => {
    const contactId = await workspace.contact({ name: "Two Currencies Ltd", emailAddress: "two@currencies.test" });
    const nzd = [
      await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: "100.10", reference: "Beans <b>bold</b>" }),
      await workspace.invoice(contactId, { dueDate: "2025-11-05", amount: "250.45" }),
    ];
    const aud = await workspace.invoice(contactId, { dueDate: "2025-11-20", amount: "75.00", currencyCode: "AUD" });
    const paid = await workspace.invoice(contactId, { dueDate: "2025-10-01", amount: "999.00" });
    await workspace.sync();
    await workspace.pay(paid.xeroInvoiceId);
    await workspace.pay(nzd[1].xeroInvoiceId, "50.00");
    await workspace.sync();

    await statementsAt(at("2025-11-01T10:00", ZONE));

    const [message] = await receivedBy(world.mailbox, "two@currencies.test");
    for (const invoice of [...nzd, aud]) expect(message.text).toContain(invoice.number);
    expect(message.text).not.toContain(paid.number);
    const [first, second, australian] = await Promise.all([...nzd, aud].map((invoice) => dueInXero(invoice.xeroInvoiceId)));
    for (const cents of [first, second]) expect(message.text).toContain(money(cents, "NZD"));
    expect(message.text).toContain(`Total due\n\n${money(australian, "AUD")}\n\n${money(first + second, "NZD")}`);
    expect(message.subject).toContain(`${money(australian, "AUD")} and ${money(first + second, "NZD")} due`);
    expect(message.text).toContain("12 days overdue");
    expect(message.text).toContain("due in 4 days");
    expect(message.text).toContain("due in 19 days");
    // The customer's own words stay words.
    expect(message.html).toContain("Beans &lt;b&gt;bold&lt;/b&gt;");
    expect(message.html).not.toContain("<b>bold</b>");
  });

  it("sends nothing to a customer with nothing open, nor to one whose invoices were paid in Xero after the plan", async () => {
    await workspace.contact({ name: "Nothing Owed", emailAddress: "nothing@owed.test" });
    const paidLater = await workspace.contact({ name: "Paid Meanwhile", emailAddress: "paid@meanwhile.test" });
    const invoice = await workspace.invoice(paidLater, { dueDate: "2025-10-20", amount: "60.00" });
    await workspace.sync();

    const now = at("2025-11-01T10:00", ZONE);
    expect((await planStatements(now)).statements).toBe(1);
    await workspace.pay(invoice.xeroInvoiceId);
    await runJobsAt(now);

    expect(await receivedBy(world.mailbox, "nothing@owed.test")).toHaveLength(0);
    expect(await receivedBy(world.mailbox, "paid@meanwhile.test")).toHaveLength(0);
    const [email] = await statements();
    expect(email).toMatchObject({ status: "dropped", lastError: "nothing open" });
  });

  it("is not sent to a customer without an address", async () => {
    const contactId = await workspace.contact({ name: "No Address Ltd" });
    await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: "60.00" });
    await workspace.sync();
    expect((await statementsAt(at("2025-11-01T10:00", ZONE))).statements).toBe(0);
    expect(await statements()).toHaveLength(0);
  });
});

describe("when statements do not go", () => {
  async function owingCustomer(address: string) {
    const contactId = await workspace.contact({ name: `Owing ${address}`, emailAddress: address });
    await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: "80.00" });
    await workspace.sync();
  }

  it("sends none while the workspace's reminders are paused or in preview, nor when monthly statements are off", async () => {
    await owingCustomer("held@owing.test");
    await settings({ remindersPausedUntil: PAUSED_INDEFINITELY, remindersPausedReason: "Holidays" });
    expect((await statementsAt(at("2025-11-01T10:00", ZONE))).statements).toBe(0);
    await settings({ remindersPausedUntil: null, reminderMode: "preview" });
    expect((await statementsAt(at("2025-11-01T11:00", ZONE))).statements).toBe(0);
    await settings({ reminderMode: "live", monthlyStatementDay: null });
    expect((await statementsAt(at("2025-11-01T12:00", ZONE))).statements).toBe(0);
    expect(await receivedBy(world.mailbox, "held@owing.test")).toHaveLength(0);
  });

  it("sends none for a workspace whose organisation was disconnected in Xero", async () => {
    await owingCustomer("cut@owing.test");
    await control(world.sandbox, "/connections/revoke", { tenantId: workspace.tenantId });
    await statementsAt(at("2025-11-01T10:00", ZONE));
    expect(await receivedBy(world.mailbox, "cut@owing.test")).toHaveLength(0);
    expect((await statements()).map((email) => email.status)).toEqual(["dropped"]);
    // Now that Solido knows, nothing is even decided.
    expect((await planStatements(at("2025-11-01T11:00", ZONE))).statements).toBe(0);
  });
});

describe("exactly once", () => {
  it("two planners and two live workers at once send each customer one statement for the month", async () => {
    const addresses = Array.from({ length: 6 }, (_, index) => `once-${index}@statement.test`);
    for (const [index, emailAddress] of addresses.entries()) {
      const contactId = await workspace.contact({ name: `Once Customer ${index}`, emailAddress });
      await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: `${10 + index}.00` });
    }
    await workspace.sync();
    const now = at("2025-11-01T10:00", ZONE);

    const planned = await Promise.all([planStatements(now), planStatements(now)]);
    expect(planned.map((outcome) => outcome.statements).sort()).toEqual([0, 6]);
    await Promise.all([runJobsAt(now), runJobsAt(now)]);
    // And again later in the day, and the next day: the month's statement is decided.
    await Promise.all([statementsAt(new Date(now.getTime() + 3_600_000)), statementsAt(new Date(now.getTime() + 86_400_000))]);

    for (const address of addresses) expect(await receivedBy(world.mailbox, address)).toHaveLength(1);
    expect((await statements()).map((email) => email.status)).toEqual(addresses.map(() => "sent"));
  });

  it("two senders handed the same prepared statements at once send each one once", async () => {
    const addresses = Array.from({ length: 5 }, (_, index) => `twice-${index}@statement.test`);
    for (const [index, emailAddress] of addresses.entries()) {
      const contactId = await workspace.contact({ name: `Twice Customer ${index}`, emailAddress });
      await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: `${20 + index}.00` });
    }
    await workspace.sync();
    const now = at("2025-11-01T10:00", ZONE);
    await planStatements(now);
    await prepareStatements(workspace.workspaceId, now);
    const emailIds = (await statements()).map((email) => email.id);
    expect(emailIds).toHaveLength(addresses.length);

    const first = createEmailTransport(world.mailbox.smtpUrl);
    const second = createEmailTransport(world.mailbox.smtpUrl);
    try {
      const outcomes = await Promise.all([sendReminderEmails(emailIds, now, first), sendReminderEmails(emailIds, now, second)]);
      for (const id of emailIds) expect(outcomes.map((each) => each.get(id)).sort()).toEqual(["elsewhere", "sent"]);
    } finally {
      first.close();
      second.close();
    }
    for (const address of addresses) expect(await receivedBy(world.mailbox, address)).toHaveLength(1);
  });
});

describe("alongside reminders, and on demand", () => {
  it("a customer due a reminder on statement day gets both, as two emails; Send statement now adds one a day at most", async () => {
    const contactId = await workspace.contact({ name: "Both Kinds Ltd", emailAddress: "both@kinds.test" });
    await workspace.invoice(contactId, { dueDate: "2025-10-25", amount: "300.00" });
    await workspace.sync();
    const now = at("2025-11-01T10:00", ZONE);

    await planReminders(now);
    await planStatements(now);
    await runJobsAt(now);
    const arrived = await receivedBy(world.mailbox, "both@kinds.test");
    expect(arrived.map((message) => (message.subject!.startsWith("Statement") ? "statement" : "reminder")).sort()).toEqual(["reminder", "statement"]);

    // Today's statement went: on demand is refused until tomorrow, then goes.
    const solidoContactId = await workspace.solidoContactId(contactId);
    const [userId] = await db.select({ id: users.id }).from(users).limit(1);
    const refused = await sendStatementNow({ workspaceId: workspace.workspaceId, contactId: solidoContactId, userId: userId.id, now });
    expect(refused).toMatchObject({ ok: false, reason: "sent_today" });
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const sent = await sendStatementNow({ workspaceId: workspace.workspaceId, contactId: solidoContactId, userId: userId.id, now: tomorrow });
    expect(sent).toMatchObject({ ok: true, to: "both@kinds.test" });
    await runJobsAt(tomorrow);
    expect((await receivedBy(world.mailbox, "both@kinds.test")).filter((message) => message.subject!.startsWith("Statement"))).toHaveLength(2);
    const onDemand = (await statements()).find((email) => email.id === (sent as { emailId: string }).emailId)!;
    expect(onDemand).toMatchObject({ statementPeriod: null, sendDate: "2025-11-02", status: "sent" });
  });

  it("queues a note in Xero's history for a reminder sent, and none for a statement sent in the same batch", async () => {
    const contactId = await workspace.contact({ name: "Noted Once Ltd", emailAddress: "noted@once.test" });
    const invoice = await workspace.invoice(contactId, { dueDate: "2025-10-25", amount: "80.00" });
    await workspace.sync();
    const now = at("2025-11-01T10:00", ZONE);
    await planReminders(now);
    await planStatements(now);
    await prepareReminderEmails(workspace.workspaceId, now);
    await prepareStatements(workspace.workspaceId, now);
    const emails = await workspace.emails();
    expect(emails.map((email) => email.kind).sort()).toEqual(["reminder", "statement"]);
    const reminderEmail = emails.find((email) => email.kind === "reminder")!;

    const transport = createEmailTransport(world.mailbox.smtpUrl);
    try {
      const outcomes = await sendReminderEmails(emails.map((email) => email.id), now, transport);
      expect([...outcomes.values()]).toEqual(["sent", "sent"]);
    } finally {
      transport.close();
    }
    const notes = await sql<{ emailIds: string[] }[]>`
      select j.payload::jsonb -> 'emailIds' as "emailIds" from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'reminder_history_note'`;
    const ours = new Set(emails.map((email) => email.id));
    expect(notes.filter((note) => note.emailIds.some((id) => ours.has(id)))).toEqual([{ emailIds: [reminderEmail.id] }]);

    await runJobsAt(now);
    const history = world.sandbox.store.book(workspace.tenantId)!.invoices.get(invoice.xeroInvoiceId)!.history;
    expect(history.filter((entry) => entry.details.includes("Payment reminder sent to noted@once.test by Solido"))).toHaveLength(1);
    expect(history.filter((entry) => /statement/i.test(entry.details))).toHaveLength(0);
  });

  it("refuses on demand in preview, naming why", async () => {
    const contactId = await workspace.contact({ name: "Preview Only", emailAddress: "preview@only.test" });
    await workspace.invoice(contactId, { dueDate: "2025-10-25", amount: "30.00" });
    await workspace.sync();
    await settings({ reminderMode: "preview" });
    const [userId] = await db.select({ id: users.id }).from(users).limit(1);
    const refused = await sendStatementNow({ workspaceId: workspace.workspaceId, contactId: await workspace.solidoContactId(contactId), userId: userId.id });
    expect(refused).toMatchObject({ ok: false, reason: "preview" });
    expect(await statements()).toHaveLength(0);
  });
});

async function orgNumber() {
  const [row] = await db.select({ name: workspaces.xeroOrganisationName }).from(workspaces).where(eq(workspaces.id, workspace.workspaceId));
  return row.name!.replace("Reminder Test Org ", "");
}

describe("what the pages say", () => {
  it("the dashboard lists today's statements until they go, and the contact page shows the last one sent and the next", async () => {
    const { statementsGoingToday, customerStatements } = await import("~/statements/settings.server");
    const contactId = await workspace.contact({ name: "Page Reader Ltd", emailAddress: "reader@pages.test" });
    await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: "55.00" });
    const quiet = await workspace.contact({ name: "Paused Person", emailAddress: "paused@pages.test" });
    await workspace.invoice(quiet, { dueDate: "2025-10-20", amount: "15.00" });
    await workspace.sync();
    const quietId = await workspace.solidoContactId(quiet);
    await db.update(contacts).set({ remindersPausedUntil: PAUSED_INDEFINITELY }).where(eq(contacts.id, quietId));
    await settings({ monthlyStatementDay: 3 });
    const row = async () => (await db.select().from(workspaces).where(eq(workspaces.id, workspace.workspaceId)))[0];

    // 3 November 2025, a Monday: statement day.
    expect(await statementsGoingToday(await row(), "2025-11-02")).toBeNull();
    const going = await statementsGoingToday(await row(), "2025-11-03");
    expect(going).toEqual({ period: "2025-11", customers: [expect.objectContaining({ contactName: "Page Reader Ltd" })] });
    const solidoId = await workspace.solidoContactId(contactId);
    expect(await customerStatements(await row(), solidoId, "2025-11-03")).toMatchObject({ lastSent: null, next: { sendOn: "2025-11-03" }, nextHeldBecause: null });
    expect((await customerStatements(await row(), quietId, "2025-11-03")).nextHeldBecause).toBe("Reminders and statements are paused for this customer.");

    // One sent on demand that morning is the customer's statement of the day: the month's does not go too.
    const other = await workspace.contact({ name: "Asked This Morning", emailAddress: "morning@pages.test" });
    await workspace.invoice(other, { dueDate: "2025-10-20", amount: "25.00" });
    await workspace.sync();
    const otherId = await workspace.solidoContactId(other);
    const [admin] = await db.select({ id: users.id }).from(users).limit(1);
    expect(await sendStatementNow({ workspaceId: workspace.workspaceId, contactId: otherId, userId: admin.id, now: at("2025-11-03T08:00", ZONE) })).toMatchObject({ ok: true });
    expect((await statementsGoingToday(await row(), "2025-11-03"))!.customers.map((customer) => customer.contactName)).toEqual(["Page Reader Ltd"]);
    expect((await customerStatements(await row(), otherId, "2025-11-03")).next).toMatchObject({ period: "2025-12" });

    await statementsAt(at("2025-11-03T10:00", ZONE));
    expect(await receivedBy(world.mailbox, "morning@pages.test")).toHaveLength(1);
    expect(await statementsGoingToday(await row(), "2025-11-03")).toEqual({ period: "2025-11", customers: [] });
    const after = await customerStatements(await row(), solidoId, "2025-11-03");
    expect(after.lastSent).toMatchObject({ sendDate: "2025-11-03", statementPeriod: "2025-11" });
    expect(after.next).toMatchObject({ period: "2025-12", sendOn: "2025-12-03" });
  });
});

describe("Send statement now, as a request to the contact page", () => {
  it("is refused to a viewer and sends for an admin, the form's intent naming it", async () => {
    const route = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");
    const { signInCookie } = await import("~/http/session.server");
    const { memberships } = await import("~db/schema");
    const contactId = await workspace.contact({ name: "Request Ltd", emailAddress: "request@route.test" });
    await workspace.invoice(contactId, { dueDate: "2025-10-20", amount: "12.00" });
    await workspace.sync();
    const solidoId = await workspace.solidoContactId(contactId);
    const member = async (role: "viewer" | "admin") => {
      const [user] = await db.insert(users).values({ xeroUserId: `statement-${role}-${solidoId}`, email: `${role}-${solidoId.slice(0, 8)}@solido.test` }).returning();
      await db.insert(memberships).values({ workspaceId: workspace.workspaceId, userId: user.id, role });
      return (await signInCookie(new Request("http://localhost/"), user.id)).split(";")[0];
    };
    const post = (cookie: string) =>
      route
        .action({
          request: new Request(`http://localhost/w/${workspace.slug}/contacts/${solidoId}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ intent: "send_statement" }) }),
          params: { workspaceSlug: workspace.slug, contactId: solidoId },
          context: {},
        })
        .catch((thrown: unknown) => thrown);

    const refused = await post(await member("viewer"));
    expect(refused instanceof Response ? refused.status : refused).toBe(403);
    expect(await statements()).toHaveLength(0);

    const sent = (await post(await member("admin"))) as { init: ResponseInit | null; data: { error: string | null } };
    expect(sent.data).toEqual({ error: null });
    await runJobsAt(new Date());
    const [message] = await receivedBy(world.mailbox, "request@route.test");
    expect(message.subject).toMatch(/^Statement from /);
  });
});
