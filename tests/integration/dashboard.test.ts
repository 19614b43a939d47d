// The workspace's pages over real Postgres, called as Remix calls them: the
// dashboard's sums, the invoice table's keyset paging, search, filters and
// sort, the invoice and contact pages, pauses, and that nothing ever shows
// another workspace's rows.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contacts, invoices, reminders, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { addDays, todayIn } from "~/display/format";
import { workspaceVersions } from "~/models/kept-figures.server";
import { reminderOverview } from "~/models/reminder-overview.server";
import { listUpcomingReminders } from "~/models/upcoming-reminders.server";
import { addContact, addInvoice, addMember, addSentReminder, addStep, createWorkspace, daysAgo } from "../support/dashboard-fixtures";
import { callRoute } from "../support/xero-journeys";

const dashboard = await import("~/routes/w.$workspaceSlug._index");
const invoiceList = await import("~/routes/w.$workspaceSlug.invoices");
const invoicePage = await import("~/routes/w.$workspaceSlug.invoices_.$invoiceId");
const contactList = await import("~/routes/w.$workspaceSlug.contacts");
const contactPage = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");
const remindersPage = await import("~/routes/w.$workspaceSlug.reminders");
const emailPage = await import("~/routes/w.$workspaceSlug.reminders_.emails.$emailId");

const TIME_ZONE = "Pacific/Auckland";
const today = todayIn(TIME_ZONE);

async function load<T = any>(route: { loader: unknown }, cookie: string, path: string, params: Record<string, string>) {
  const response = await callRoute(route.loader, new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }), params);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function post(route: { action: unknown }, cookie: string, path: string, params: Record<string, string>, form: Record<string, string>) {
  return callRoute(route.action, new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) }), params);
}

describe("dashboard", () => {
  let ours: Awaited<ReturnType<typeof createWorkspace>>;
  let noEmail: Awaited<ReturnType<typeof addContact>>;

  beforeAll(async () => {
    ours = await createWorkspace({ timeZone: TIME_ZONE });
    const id = ours.workspace.id;
    const acme = await addContact(id, { name: "Acme Ltd" });
    noEmail = await addContact(id, { name: "Quiet Co", emailAddress: null });
    // Amounts whose float sum is inexact: 0.10 + 0.20 must total 0.30.
    await addInvoice(id, acme.id, { amountDue: "0.10", dueDate: addDays(today, 5) }); // current
    await addInvoice(id, acme.id, { amountDue: "0.20", dueDate: addDays(today, -10) }); // 1–30
    await addInvoice(id, noEmail.id, { amountDue: "1000.00", dueDate: addDays(today, -45) }); // 31–60
    await addInvoice(id, acme.id, { amountDue: "250.55", dueDate: addDays(today, -75) }); // 61–90
    await addInvoice(id, acme.id, { amountDue: "99.99", dueDate: addDays(today, -200) }); // 90+
    await addInvoice(id, acme.id, { amountDue: "40.00", currencyCode: "AUD", dueDate: addDays(today, -1) });
    // Not owed: paid, voided and draft invoices count for nothing.
    await addInvoice(id, acme.id, { status: "PAID", amountDue: "0.00", total: "500.00", dueDate: addDays(today, -3) });
    await addInvoice(id, acme.id, { status: "VOIDED", amountDue: "800.00", dueDate: addDays(today, -3) });
    await addInvoice(id, acme.id, { status: "DRAFT", amountDue: "700.00", dueDate: addDays(today, -3) });

    // Another business's invoices must never add to ours.
    const theirs = await createWorkspace({ timeZone: TIME_ZONE });
    const theirCustomer = await addContact(theirs.workspace.id, { name: "Their Customer", emailAddress: null });
    await addInvoice(theirs.workspace.id, theirCustomer.id, { amountDue: "12345.00", dueDate: addDays(today, -40) });
  });

  it("totals what is owed and overdue per currency, base currency first, as exact decimals", async () => {
    const page = await load(dashboard, ours.cookie, `/w/${ours.workspace.slug}`, { workspaceSlug: ours.workspace.slug });
    expect(page.receivables.map((row: any) => [row.currencyCode, row.outstanding, row.overdue, row.openCount, row.overdueCount])).toEqual([
      ["NZD", "$1,350.84", "$1,350.74", 5, 4],
      ["AUD", "A$40.00", "A$40.00", 1, 1],
    ]);
  });

  it("buckets the amounts owed by days overdue for the ageing chart", async () => {
    const page = await load(dashboard, ours.cookie, `/w/${ours.workspace.slug}`, { workspaceSlug: ours.workspace.slug });
    const nzd = page.receivables[0].ageing.map((bar: any) => [bar.label, bar.amount]);
    expect(nzd).toEqual([
      ["Current", "0.10"],
      ["1–30 days", "0.20"],
      ["31–60 days", "1000.00"],
      ["61–90 days", "250.55"],
      ["90+ days", "99.99"],
    ]);
  });

  it("lists customers who owe money but have no email under needs attention", async () => {
    const page = await load(dashboard, ours.cookie, `/w/${ours.workspace.slug}`, { workspaceSlug: ours.workspace.slug });
    expect(page.attention.noEmail).toEqual({ count: 1, examples: [{ id: noEmail.id, name: "Quiet Co" }] });
  });
});

describe("dashboard figures between changes", () => {
  const outstanding = async (workspace: Awaited<ReturnType<typeof createWorkspace>>) => {
    const page = await load(dashboard, workspace.cookie, `/w/${workspace.workspace.slug}`, { workspaceSlug: workspace.workspace.slug });
    return page.receivables.map((row: any) => `${row.currencyCode} ${row.outstanding} / ${row.overdue}`);
  };

  it("are summed once and then kept, until the date or anything about the invoices changes", async () => {
    const { receivablesSummary } = await import("~/models/receivables-summary.server");
    const business = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(business.workspace.id, { name: "Kept Ltd" });
    await addInvoice(business.workspace.id, customer.id, { amountDue: "100.00", dueDate: addDays(today, 3) });
    const scope = { today, baseCurrency: "NZD" };
    const first = await receivablesSummary(business.workspace.id, scope);
    // Nothing changed: the same figures object, not a second sum over the invoices.
    expect(await receivablesSummary(business.workspace.id, scope)).toBe(first);
    // Another day is another key: the invoice due in 3 days is overdue 4 days later.
    const later = await receivablesSummary(business.workspace.id, { today: addDays(today, 4), baseCurrency: "NZD" });
    expect(later).not.toBe(first);
    expect(later.receivables[0].overdue).toBe("100.00");
    expect(first.receivables[0].overdue).toBe("0");
  });

  it("show every change to the invoices on the next page view, however it was made", async () => {
    const business = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(business.workspace.id, { name: "Changing Ltd", xeroContactId: "xero-changing" });
    const invoice = await addInvoice(business.workspace.id, customer.id, { amountDue: "100.00", dueDate: addDays(today, -3) });
    expect(await outstanding(business)).toEqual(["NZD $100.00 / $100.00"]);

    // A part payment written by any statement at all (here drizzle, as a script or a webhook job would).
    await db.update(invoices).set({ amountDue: "60.00" }).where(eq(invoices.id, invoice.id));
    expect(await outstanding(business)).toEqual(["NZD $60.00 / $60.00"]);

    // A new invoice arriving through the sync engine's own upsert.
    const { upsertInvoices } = await import("~/models/invoices.server");
    const { sql } = await import("~/server/db.server");
    await sql.begin((tx) =>
      upsertInvoices(tx, business.workspace.id, [
        {
          xeroInvoiceId: "xero-new", xeroContactId: "xero-changing", contactName: "Changing Ltd", invoiceNumber: "INV-NEW", reference: null,
          status: "AUTHORISED", currencyCode: "NZD", total: "40.00", amountDue: "40.00", amountPaid: "0", amountCredited: "0",
          issueDate: today, dueDate: addDays(today, 10), sentToContact: true, xeroUpdatedAt: new Date().toISOString(),
        },
      ]),
    );
    expect(await outstanding(business)).toEqual(["NZD $100.00 / $60.00"]);

    // Paid in full, then gone altogether.
    await db.update(invoices).set({ status: "PAID", amountDue: "0.00" }).where(eq(invoices.id, invoice.id));
    expect(await outstanding(business)).toEqual(["NZD $40.00 / $0.00"]);
    await db.delete(invoices).where(eq(invoices.workspaceId, business.workspace.id));
    expect(await outstanding(business)).toEqual([]);
  });

  it("are kept per workspace: one business's change never shows up in, or hides, another's", async () => {
    const one = await createWorkspace({ timeZone: TIME_ZONE });
    const two = await createWorkspace({ timeZone: TIME_ZONE });
    const oneCustomer = await addContact(one.workspace.id);
    const twoCustomer = await addContact(two.workspace.id);
    await addInvoice(one.workspace.id, oneCustomer.id, { amountDue: "10.00", dueDate: addDays(today, 1) });
    await addInvoice(two.workspace.id, twoCustomer.id, { amountDue: "20.00", dueDate: addDays(today, 1) });
    expect([await outstanding(one), await outstanding(two)]).toEqual([["NZD $10.00 / $0.00"], ["NZD $20.00 / $0.00"]]);
    await addInvoice(two.workspace.id, twoCustomer.id, { amountDue: "5.00", dueDate: addDays(today, -1) });
    expect([await outstanding(one), await outstanding(two)]).toEqual([["NZD $10.00 / $0.00"], ["NZD $25.00 / $5.00"]]);
  });
});

describe("what Solido did and will do", () => {
  it("counts reminders sent, invoices paid after one with the amount collected, and days sales outstanding", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(workspace.id);
    const step = await addStep(workspace.id, 1);
    const paid = await addInvoice(workspace.id, customer.id, { status: "PAID", amountDue: "0.00", total: "300.00", issueDate: addDays(today, -30), dueDate: addDays(today, -10) });
    await addSentReminder({ workspaceId: workspace.id, contactId: customer.id, invoiceId: paid.id, stepId: step.id, sentAt: daysAgo(3), amountDue: "300.00" });
    await db.update(invoices).set({ settledSeenAt: daysAgo(1) }).where(eq(invoices.id, paid.id));
    const open = await addInvoice(workspace.id, customer.id, { amountDue: "150.00", total: "150.00", issueDate: addDays(today, -20), dueDate: addDays(today, -2) });
    await addSentReminder({ workspaceId: workspace.id, contactId: customer.id, invoiceId: open.id, stepId: step.id, sentAt: daysAgo(20), amountDue: "150.00" });

    const page = await load(dashboard, cookie, `/w/${workspace.slug}`, { workspaceSlug: workspace.slug });
    expect(page.activity.sentLast7Days).toBe(1);
    expect(page.activity.sentLast30Days).toBe(2);
    expect(page.activity.collected).toEqual([{ currencyCode: "NZD", invoiceCount: 1, amountCollected: "$300.00" }]);
    // 150 owed of 450 invoiced in 90 days → 30 days.
    expect(page.dso).toEqual({ days: 30, windowDays: 90 });
  });

  it("shows the reminders due in the next seven days, and drops a customer's once they are paused", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(workspace.id, { name: "Paused Later" });
    const other = await addContact(workspace.id, { name: "Keeps Going" });
    // Every day, all day: the first send day is today whatever day today is.
    await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.id));
    await addStep(workspace.id, 3);
    const dueYesterday = await addInvoice(workspace.id, customer.id, { dueDate: addDays(today, -1) }); // step on today+2
    // Its step was 7 days ago and never sent: the planner sends it on the first send day, so it is listed for today.
    const missed = await addInvoice(workspace.id, customer.id, { dueDate: addDays(today, -10) });
    await addInvoice(workspace.id, other.id, { dueDate: addDays(today, 2) }); // step on today+5
    const params = { workspaceSlug: workspace.slug };

    const before = await load(dashboard, cookie, `/w/${workspace.slug}`, params);
    expect(before.upcoming.map((reminder: any) => [reminder.contactName, reminder.invoiceNumber, reminder.step])).toEqual([
      ["Paused Later", missed.invoiceNumber, "3 days after the due date"],
      ["Paused Later", dueYesterday.invoiceNumber, "3 days after the due date"],
      ["Keeps Going", expect.any(String), "3 days after the due date"],
    ]);

    const paused = await post(contactPage, cookie, `/w/${workspace.slug}/contacts/${customer.id}`, { ...params, contactId: customer.id }, { intent: "pause", duration: "indefinitely" });
    expect(paused.status).toBe(200);
    const after = await load(dashboard, cookie, `/w/${workspace.slug}`, params);
    expect(after.upcoming.map((reminder: any) => reminder.contactName)).toEqual(["Keeps Going"]);
    expect(after.attention.pausedContacts).toBe(1);

    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "contact.reminders_paused"));
    expect(audit.detail).toMatchObject({ contactId: customer.id, contactName: "Paused Later" });
  });
});

describe("reminder figures between changes", () => {
  type Business = Awaited<ReturnType<typeof createWorkspace>>;
  const view = (business: Business) => load(dashboard, business.cookie, `/w/${business.workspace.slug}`, { workspaceSlug: business.workspace.slug });
  const overview = async (business: Business) => {
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, business.workspace.id));
    return reminderOverview(workspace, { today, upcomingDays: 7, versions: await workspaceVersions(workspace.id) });
  };

  it("are kept while nothing they are read from changes", async () => {
    const business = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(business.workspace.id);
    await addStep(business.workspace.id, 1);
    await addInvoice(business.workspace.id, customer.id, { dueDate: addDays(today, 2) });
    const first = await overview(business);
    expect(first.upcoming).toHaveLength(1);
    // The same figures object: no second pass over the reminders, contacts and invoices.
    expect(await overview(business)).toBe(first);
  });

  it("show every change to reminders, emails, customers, the schedule and pauses on the next page view", async () => {
    const business = await createWorkspace({ timeZone: TIME_ZONE });
    const id = business.workspace.id;
    const customer = await addContact(id, { name: "Moving Ltd" });
    const invoice = await addInvoice(id, customer.id, { amountDue: "80.00", dueDate: addDays(today, -1) });
    let page = await view(business);
    expect([page.activity.sentLast7Days, page.upcoming.length, page.attention.bouncing.count]).toEqual([0, 0, 0]);

    // A schedule step (the schedule's counter): the invoice's step is due in two days.
    const step = await addStep(id, 3);
    page = await view(business);
    expect(page.upcoming.map((reminder: any) => reminder.invoiceId)).toEqual([invoice.id]);

    // The workspace paused (read with the workspace on every request): nothing upcoming until it resumes.
    await db.update(workspaces).set({ remindersPausedUntil: new Date("9999-12-31T00:00:00Z") }).where(eq(workspaces.id, id));
    expect((await view(business)).upcoming).toEqual([]);
    await db.update(workspaces).set({ remindersPausedUntil: null }).where(eq(workspaces.id, id));
    expect((await view(business)).upcoming).toHaveLength(1);

    // The step sent (reminders and their emails' counter): counted as sent, and no longer upcoming.
    await addSentReminder({ workspaceId: id, contactId: customer.id, invoiceId: invoice.id, stepId: step.id, sentAt: daysAgo(0.5), amountDue: "80.00" });
    page = await view(business);
    expect([page.activity.sentLast7Days, page.activity.sentLast30Days, page.upcoming.length]).toEqual([1, 1, 0]);

    // The reminder deleted by any statement at all: upcoming again.
    await db.delete(reminders).where(eq(reminders.invoiceId, invoice.id));
    expect((await view(business)).upcoming).toHaveLength(1);

    // The customer's address bounces (the customers' counter): needs attention, and no reminder can go.
    await db.update(contacts).set({ emailBouncingSince: new Date() }).where(eq(contacts.id, customer.id));
    page = await view(business);
    expect(page.attention.bouncing).toEqual({ count: 1, examples: [{ id: customer.id, name: "Moving Ltd" }] });
    expect(page.upcoming).toEqual([]);

    // The invoice paid (the invoices' counter): the customer owes nothing, so nothing needs attention.
    await db.update(invoices).set({ status: "PAID", amountDue: "0.00", settledSeenAt: new Date() }).where(eq(invoices.id, invoice.id));
    expect((await view(business)).attention.bouncing.count).toBe(0);
  });

  it("are worked out afresh once time alone moves them: an email leaving the week, a pause ending", async () => {
    const business = await createWorkspace({ timeZone: TIME_ZONE });
    const id = business.workspace.id;
    const customer = await addContact(id, { remindersPausedUntil: new Date(Date.now() + 1_500) });
    const invoice = await addInvoice(id, customer.id, { dueDate: addDays(today, -20), remindersPausedUntil: new Date(Date.now() + 1_500) });
    const step = await addStep(id, 1);
    // Sent just under seven days ago: in the last-7-days count for another second and a half.
    await addSentReminder({ workspaceId: id, contactId: customer.id, invoiceId: invoice.id, stepId: step.id, sentAt: new Date(Date.now() - 7 * 86_400_000 + 1_500), amountDue: "100.00" });
    const before = await view(business);
    expect([before.activity.sentLast7Days, before.activity.sentLast30Days, before.attention.pausedContacts, before.attention.pausedInvoices]).toEqual([1, 1, 1, 1]);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Nothing was written meanwhile: only the clock moved.
    const after = await view(business);
    expect([after.activity.sentLast7Days, after.activity.sentLast30Days, after.attention.pausedContacts, after.attention.pausedInvoices]).toEqual([0, 1, 0, 0]);
  });
});

describe("upcoming reminders at a busy time", () => {
  it("lists the first ones in the order the whole window would: by day, then customer, across steps", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    // Every day, all day: the week's days are send days whatever today is, so the first send day is today.
    await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.id));
    await addStep(workspace.id, 0);
    await addStep(workspace.id, 3);
    // Today has the catch-ups: the on-the-day step of the invoices due yesterday and the day before, missed.
    // Tomorrow is crowded: eight reminders from the on-the-day step and four from the 3-days-after one, more
    // than the dashboard's ten, with names that interleave; the day after has a customer who sorts first.
    const names = ["Kea", "Bellbird", "Weka", "Tui", "Huia", "Ruru", "Moa", "Takahe"];
    for (const name of names) await addInvoice(workspace.id, (await addContact(workspace.id, { name })).id, { dueDate: addDays(today, 1) });
    for (const name of ["Kaka", "Pukeko", "Fantail", "Kereru"]) {
      await addInvoice(workspace.id, (await addContact(workspace.id, { name })).id, { dueDate: addDays(today, -2) });
    }
    await addInvoice(workspace.id, (await addContact(workspace.id, { name: "Albatross" })).id, { dueDate: addDays(today, 2) });
    await addInvoice(workspace.id, (await addContact(workspace.id, { name: "Avocet" })).id, { dueDate: addDays(today, -1) });

    const page = await load(dashboard, cookie, `/w/${workspace.slug}`, { workspaceSlug: workspace.slug });
    const everything = await listUpcomingReminders(workspace.id, { today, days: 7, timeZone: TIME_ZONE, limit: 1_000 });
    // Each invoice's later step falls in the week too: 28 in all, five of them today's catch-ups.
    expect(everything).toHaveLength(28);
    expect(everything.filter((reminder) => reminder.sendOn === today)).toHaveLength(5);
    expect(page.upcoming.map((reminder: any) => reminder.contactName)).toEqual(everything.slice(0, 10).map((reminder) => reminder.contactName));
    expect(page.upcoming.map((reminder: any) => reminder.contactName)).toEqual(
      ["Avocet", "Fantail", "Kaka", "Kereru", "Pukeko", "Bellbird", "Fantail", "Huia", "Kaka", "Kea"],
    );
  });
});

describe("upcoming reminders among many customers", () => {
  it("reads the first day customer by customer and still lists exactly the start of the whole list, whatever its length", async () => {
    const { workspace } = await createWorkspace({ timeZone: TIME_ZONE });
    await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.id));
    await addStep(workspace.id, 0);
    // Customers in name order with zero, one or several reminders today: seven at the front owing but with
    // nothing due or no address (the first customers by name give no reminder at all), the same name twice
    // (the later-created one with the lower invoice numbers), paused — so the first N customers by name are
    // not the first N reminders.
    const customers: [string, Partial<typeof contacts.$inferInsert>, number, number][] = [
      ["Albatross", {}, 0, 1],
      ["Avocet", {}, 0, 2],
      ["Bittern", { emailAddress: null }, 2, 0],
      ["Brown Kiwi", {}, 0, 1],
      ["Dotterel", {}, 0, 1],
      ["Falcon", { emailAddress: null }, 1, 0],
      ["Godwit", {}, 0, 1],
      ["Kaka", {}, 1, 0],
      ["Kaka", {}, 2, 0],
      ["Kea", { remindersPausedUntil: new Date(Date.now() + 86_400_000 * 30) }, 2, 0],
      ["Moa", {}, 1, 1],
      ["Pukeko", {}, 3, 0],
      ["Ruru", {}, 0, 0],
      ["Takahe", {}, 1, 0],
      ["Tui", { emailAddress: null }, 1, 0],
      ["Weka", {}, 2, 0],
    ];
    let number = 900;
    for (const [name, values, due, notYetDue] of customers) {
      const contact = await addContact(workspace.id, { name, ...values });
      for (let n = 0; n < due; n++) await addInvoice(workspace.id, contact.id, { dueDate: addDays(today, -1 - n), invoiceNumber: `INV-${number--}` });
      for (let n = 0; n < notYetDue; n++) await addInvoice(workspace.id, contact.id, { dueDate: addDays(today, 20 + n) });
    }
    const firstDay = (list: Awaited<ReturnType<typeof listUpcomingReminders>>) => list.filter((reminder) => reminder.sendOn === today).map((reminder) => reminder.invoiceId);
    const everything = firstDay(await listUpcomingReminders(workspace.id, { today, days: 0, timeZone: TIME_ZONE, limit: 1_000 }));
    expect(everything).toHaveLength(10);
    for (let limit = 1; limit <= everything.length; limit++) {
      expect(firstDay(await listUpcomingReminders(workspace.id, { today, days: 0, timeZone: TIME_ZONE, limit })), `limit ${limit}`).toEqual(everything.slice(0, limit));
    }
  });
});

describe("invoice table", () => {
  let ours: Awaited<ReturnType<typeof createWorkspace>>;
  const path = () => `/w/${ours.workspace.slug}/invoices`;
  const params = () => ({ workspaceSlug: ours.workspace.slug });
  const list = (search = "") => load(invoiceList, ours.cookie, path() + search, params());

  beforeAll(async () => {
    ours = await createWorkspace({ timeZone: TIME_ZONE });
    const customers = [await addContact(ours.workspace.id, { name: "Zeta Plumbing" }), await addContact(ours.workspace.id, { name: "Harbour Cafe" })];
    // 120 invoices, some sharing a due date so the id breaks ties.
    for (let index = 0; index < 120; index++) {
      await addInvoice(ours.workspace.id, customers[index % 2].id, {
        invoiceNumber: `INV-${String(index).padStart(4, "0")}`,
        reference: index === 7 ? "PO 555-ALPHA" : null,
        amountDue: `${((index * 37) % 1000) + 1}.${String(index % 100).padStart(2, "0")}`,
        dueDate: addDays(today, Math.floor(index / 3) - 20),
        status: index % 10 === 9 ? "PAID" : "AUTHORISED",
      });
    }
    const theirs = await createWorkspace();
    const theirCustomer = await addContact(theirs.workspace.id, { name: "Harbour Cafe" });
    await addInvoice(theirs.workspace.id, theirCustomer.id, { invoiceNumber: "INV-0001" });
  });

  it("pages through every invoice once, in due-date order, forwards and back", async () => {
    const pages = [await list("?status=all")];
    while (pages.at(-1).nextCursor) pages.push(await list(`?status=all&after=${pages.at(-1).nextCursor}`));
    expect(pages.map((page) => page.rows.length)).toEqual([50, 50, 20]);
    const ids = pages.flatMap((page) => page.rows.map((row: any) => row.id));
    expect(new Set(ids).size).toBe(120);
    expect(pages[0].previousCursor).toBeNull();

    const back = await list(`?status=all&before=${pages[2].previousCursor}`);
    expect(back.rows.map((row: any) => row.id)).toEqual(pages[1].rows.map((row: any) => row.id));
  });

  it("opens on the unpaid invoices, what needs chasing, and pages through them once", async () => {
    const pages = [await list()];
    while (pages.at(-1).nextCursor) pages.push(await list(`?after=${pages.at(-1).nextCursor}`));
    // 120 less the 12 paid.
    expect(pages.map((page) => page.rows.length)).toEqual([50, 50, 8]);
    const rows = pages.flatMap((page) => page.rows);
    expect(new Set(rows.map((row: any) => row.id)).size).toBe(108);
    expect(rows.some((row: any) => row.state === "paid")).toBe(false);
    expect(pages[0]).toMatchObject({ matching: 108, nothingToChase: false, empty: false });
    expect(rows.every((row: any) => row.lastReminder === "None yet")).toBe(true);
  });

  it("says why an unpaid invoice has no next reminder when the row shows it: past the cut-off, or paused", async () => {
    const books = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(books.workspace.id);
    await addInvoice(books.workspace.id, customer.id, { invoiceNumber: "OLD-1", dueDate: addDays(today, -120) });
    await addInvoice(books.workspace.id, customer.id, { invoiceNumber: "HELD-1", dueDate: addDays(today, -5), remindersPausedUntil: new Date(Date.now() + 86_400_000) });
    const page = await load(invoiceList, books.cookie, `/w/${books.workspace.slug}/invoices`, { workspaceSlug: books.workspace.slug });
    const next = Object.fromEntries(page.rows.map((row: any) => [row.invoiceNumber, row.nextReminder]));
    expect(next).toEqual({ "OLD-1": "Not chased (over 90 days)", "HELD-1": "Paused" });
  });

  it("says there is nothing to chase when every invoice is paid, and that there are none when there are none", async () => {
    const settled = await createWorkspace({ timeZone: TIME_ZONE });
    const load_ = () => load(invoiceList, settled.cookie, `/w/${settled.workspace.slug}/invoices`, { workspaceSlug: settled.workspace.slug });
    expect(await load_()).toMatchObject({ empty: true, nothingToChase: false });
    const customer = await addContact(settled.workspace.id);
    await addInvoice(settled.workspace.id, customer.id, { status: "PAID", amountDue: "0.00" });
    expect(await load_()).toMatchObject({ empty: false, nothingToChase: true, rows: [] });
  });

  it("sorts by amount due, largest first, across pages", async () => {
    const first = await list("?sort=amount&dir=desc");
    const second = await list(`?sort=amount&dir=desc&after=${first.nextCursor}`);
    const amounts = [...first.rows, ...second.rows].map((row: any) => Number(row.amountDue.replace(/[^0-9.]/g, "")));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it("filters to overdue invoices, most days overdue first", async () => {
    const page = await list("?status=overdue&sort=overdue&dir=desc");
    expect(page.rows.every((row: any) => row.state === "overdue")).toBe(true);
    const days = page.rows.map((row: any) => row.daysOverdue);
    expect(days).toEqual([...days].sort((a: number, b: number) => b - a));
    expect(page.matching).toBe(54);
    expect(days[0]).toBe(20);
  });

  it("searches by number, reference and customer name within the workspace only", async () => {
    expect((await list("?q=INV-0001")).rows.map((row: any) => row.invoiceNumber)).toEqual(["INV-0001"]);
    expect((await list("?q=555-alpha")).rows.map((row: any) => row.invoiceNumber)).toEqual(["INV-0007"]);
    const harbour = await list("?status=all&q=harbour");
    expect(harbour.matching).toBe(60);
    expect(harbour.rows.every((row: any) => row.contactName === "Harbour Cafe")).toBe(true);
    // INV-0007 matches twice, by its customer's name and its reference (PO 555-ALPHA): it is still one row.
    const twice = [await list("?status=all&q=ha")];
    expect(twice[0].matching).toBe(60);
    while (twice.at(-1).nextCursor) twice.push(await list(`?status=all&q=ha&after=${twice.at(-1).nextCursor}`));
    const ids = twice.flatMap((page) => page.rows.map((row: any) => row.id));
    expect([ids.length, new Set(ids).size]).toEqual([60, 60]);
    // A literal %, not a wildcard.
    expect((await list("?q=%25")).matching).toBe(0);
  });

  it("narrows to a due-date range and to invoices with reminders paused", async () => {
    const ranged = await list(`?dueFrom=${addDays(today, -20)}&dueTo=${addDays(today, -19)}`);
    expect(ranged.matching).toBe(6);
    const target = ranged.rows[0];
    await post(invoicePage, ours.cookie, `${path()}/${target.id}`, { ...params(), invoiceId: target.id }, { intent: "pause", duration: "7" });
    const paused = await list("?paused=1");
    expect(paused.rows.map((row: any) => row.id)).toEqual([target.id]);
  });

  it("answers a tampered cursor with a 400 page in plain words, never a database error", async () => {
    const response = await callRoute(invoiceList.loader, new Request(`http://localhost${path()}?after=not-a-cursor`, { headers: { Cookie: ours.cookie } }), params());
    expect(response.status).toBe(400);
    expect(await list()).toMatchObject({ previousCursor: null });
  });
});

describe("invoice page", () => {
  it("shows the invoice's timeline: copied, reminded (with the email), paid, paused and resumed", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(workspace.id);
    const step = await addStep(workspace.id, 7);
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: addDays(today, -10), createdAt: daysAgo(30) });
    const email = await addSentReminder({ workspaceId: workspace.id, contactId: customer.id, invoiceId: invoice.id, stepId: step.id, sentAt: daysAgo(3), amountDue: "100.00" });
    const params = { workspaceSlug: workspace.slug, invoiceId: invoice.id };
    const path = `/w/${workspace.slug}/invoices/${invoice.id}`;
    expect((await post(invoicePage, cookie, path, params, { intent: "pause", duration: "30", reason: "Disputed" })).status).toBe(200);
    expect((await post(invoicePage, cookie, path, params, { intent: "resume" })).status).toBe(200);
    await db.update(invoices).set({ status: "PAID", amountDue: "0.00", settledSeenAt: new Date(Date.now() + 1000) }).where(eq(invoices.id, invoice.id));

    const page = await load(invoicePage, cookie, path, params);
    expect(page.timeline.map((event: any) => event.title)).toEqual([
      "Copied from Xero",
      "Reminder sent (7 days after the due date)",
      expect.stringMatching(/^Reminders paused until /),
      "Reminders resumed",
      "Payment detected: paid in full",
    ]);
    expect(page.timeline[1].emailId).toBe(email.id);
    expect(page.timeline[2].detail).toContain("Disputed");
  });

  it("says when the next reminder goes", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(workspace.id);
    await addStep(workspace.id, 7);
    const invoice = await addInvoice(workspace.id, customer.id, { dueDate: today });
    const page = await load(invoicePage, cookie, `/w/${workspace.slug}/invoices/${invoice.id}`, { workspaceSlug: workspace.slug, invoiceId: invoice.id });
    expect(page.next).toMatchObject({ step: "7 days after the due date", to: customer.emailAddress });
  });
});

describe("workspace boundaries", () => {
  it("never shows or changes another workspace's invoices and contacts", async () => {
    const ours = await createWorkspace();
    const theirs = await createWorkspace();
    const theirCustomer = await addContact(theirs.workspace.id, { name: "Secret Customer" });
    const theirInvoice = await addInvoice(theirs.workspace.id, theirCustomer.id, { invoiceNumber: "SECRET-1", amountDue: "999.00" });
    const params = { workspaceSlug: ours.workspace.slug };

    const invoicesPage = await load(invoiceList, ours.cookie, `/w/${ours.workspace.slug}/invoices?q=SECRET`, params);
    expect(invoicesPage.matching).toBe(0);
    expect(invoicesPage.rows).toEqual([]);
    const contactsPage = await load(contactList, ours.cookie, `/w/${ours.workspace.slug}/contacts?q=Secret`, params);
    expect(contactsPage.rows).toEqual([]);
    const home = await load(dashboard, ours.cookie, `/w/${ours.workspace.slug}`, params);
    expect(home.receivables).toEqual([]);

    // Their ids under our slug: not found, for reading and for pausing.
    const get = (route: { loader: unknown }, path: string, extra: Record<string, string>) =>
      callRoute(route.loader, new Request(`http://localhost${path}`, { headers: { Cookie: ours.cookie } }), { ...params, ...extra });
    expect((await get(invoicePage, `/w/${ours.workspace.slug}/invoices/${theirInvoice.id}`, { invoiceId: theirInvoice.id })).status).toBe(404);
    expect((await get(contactPage, `/w/${ours.workspace.slug}/contacts/${theirCustomer.id}`, { contactId: theirCustomer.id })).status).toBe(404);
    const pause = await post(contactPage, ours.cookie, `/w/${ours.workspace.slug}/contacts/${theirCustomer.id}`, { ...params, contactId: theirCustomer.id }, { intent: "pause", duration: "7" });
    expect(pause.status).toBe(404);
    const pauseInvoice = await post(invoicePage, ours.cookie, `/w/${ours.workspace.slug}/invoices/${theirInvoice.id}`, { ...params, invoiceId: theirInvoice.id }, { intent: "pause", duration: "7" });
    expect(pauseInvoice.status).toBe(404);
    const [untouched] = await db.select().from(invoices).where(eq(invoices.id, theirInvoice.id));
    expect(untouched.remindersPausedUntil).toBeNull();
  });

  it("lets a viewer look at an invoice but not pause its reminders", async () => {
    const { workspace } = await createWorkspace();
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const customer = await addContact(workspace.id);
    const invoice = await addInvoice(workspace.id, customer.id);
    const params = { workspaceSlug: workspace.slug, invoiceId: invoice.id };
    const page = await load(invoicePage, viewer.cookie, `/w/${workspace.slug}/invoices/${invoice.id}`, params);
    expect(page.canChange).toBe(false);
    const refused = await post(invoicePage, viewer.cookie, `/w/${workspace.slug}/invoices/${invoice.id}`, params, { intent: "pause", duration: "7" });
    expect(refused.status).toBe(403);
    const contactRefused = await post(contactPage, viewer.cookie, `/w/${workspace.slug}/contacts/${customer.id}`, { workspaceSlug: workspace.slug, contactId: customer.id }, { intent: "pause", duration: "7" });
    expect(contactRefused.status).toBe(403);
  });
});

describe("contacts table", () => {
  it("shows each customer's outstanding and overdue totals and reminder state, filterable by state", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const owing = await addContact(workspace.id, { name: "A Owing", ccEmailAddresses: ["boss@customer.test"] });
    await addContact(workspace.id, { name: "B Bouncing", emailBouncingSince: new Date() });
    await addContact(workspace.id, { name: "C Archived", status: "ARCHIVED" });
    await addInvoice(workspace.id, owing.id, { amountDue: "10.00", dueDate: addDays(today, -1) });
    await addInvoice(workspace.id, owing.id, { amountDue: "5.50", dueDate: addDays(today, 10) });
    const params = { workspaceSlug: workspace.slug };

    const page = await load(contactList, cookie, `/w/${workspace.slug}/contacts`, params);
    expect(page.rows.map((row: any) => [row.name, row.state, row.totals.map((each: any) => [each.outstanding, each.overdue])])).toEqual([
      ["A Owing", "ok", [["$15.50", "$10.00"]]],
      ["B Bouncing", "bouncing", []],
      ["C Archived", "archived", []],
    ]);
    expect(page.rows[0].emails).toEqual([owing.emailAddress, "boss@customer.test"]);
    const bouncing = await load(contactList, cookie, `/w/${workspace.slug}/contacts?state=bouncing`, params);
    expect(bouncing.rows.map((row: any) => row.name)).toEqual(["B Bouncing"]);
    const owingOnly = await load(contactList, cookie, `/w/${workspace.slug}/contacts?state=owing`, params);
    expect(owingOnly.rows.map((row: any) => row.name)).toEqual(["A Owing"]);
  });
});

describe("reminders page", () => {
  it("logs sent emails newest first with their invoices, and shows each one as sent, to its own workspace only", async () => {
    const { workspace, cookie } = await createWorkspace({ timeZone: TIME_ZONE });
    const customer = await addContact(workspace.id, { name: "Logged Customer" });
    const step = await addStep(workspace.id, 1);
    const older = await addInvoice(workspace.id, customer.id, { invoiceNumber: "LOG-1" });
    const newer = await addInvoice(workspace.id, customer.id, { invoiceNumber: "LOG-2" });
    await addSentReminder({ workspaceId: workspace.id, contactId: customer.id, invoiceId: older.id, stepId: step.id, sentAt: daysAgo(5), amountDue: "100.00" });
    const latest = await addSentReminder({ workspaceId: workspace.id, contactId: customer.id, invoiceId: newer.id, stepId: step.id, sentAt: daysAgo(1), amountDue: "100.00" });
    const params = { workspaceSlug: workspace.slug };

    const page = await load(remindersPage, cookie, `/w/${workspace.slug}/reminders`, params);
    expect(page.log.map((email: any) => email.invoices.map((invoice: any) => invoice.number))).toEqual([["LOG-2"], ["LOG-1"]]);
    const failedOnly = await load(remindersPage, cookie, `/w/${workspace.slug}/reminders?status=failed`, params);
    expect(failedOnly.log).toEqual([]);

    const shown = await load(emailPage, cookie, `/w/${workspace.slug}/reminders/emails/${latest.id}`, { ...params, emailId: latest.id });
    expect(shown.email.html).toBe("<p>Please pay <strong>soon</strong>.</p>");

    const stranger = await createWorkspace();
    const refused = await callRoute(
      emailPage.loader,
      new Request(`http://localhost/w/${stranger.workspace.slug}/reminders/emails/${latest.id}`, { headers: { Cookie: stranger.cookie } }),
      { workspaceSlug: stranger.workspace.slug, emailId: latest.id },
    );
    expect(refused.status).toBe(404);
    const theirLog = await load(remindersPage, stranger.cookie, `/w/${stranger.workspace.slug}/reminders`, { workspaceSlug: stranger.workspace.slug });
    expect(theirLog.log).toEqual([]);
  });
});
