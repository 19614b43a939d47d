// Rows for the dashboard's tests, written straight into the test's own
// database: a workspace with members, customers, invoices, a schedule and
// sent reminders, shaped as sync and the reminder engine leave them.
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { contacts, invoices, memberships, reminderEmails, reminders, reminderSchedules, reminderSteps, users, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { signInCookie } from "~/http/session.server";
import { DEFAULT_SCHEDULE_NAME } from "~/reminders/planner.server";

const unique = () => crypto.randomBytes(5).toString("hex");

export type Role = "owner" | "admin" | "viewer";

export async function createUser(name = "Test", email?: string) {
  const id = unique();
  const [user] = await db.insert(users).values({ xeroUserId: `dashboard-${id}`, email: email ?? `${name.toLowerCase()}-${id}@solido.test`, givenName: name }).returning();
  return user;
}

/** Binds the workspace to a (made-up) Xero organisation, as connecting Xero would. */
export async function connectXero(workspaceId: string) {
  const tenantId = crypto.randomUUID();
  await db.update(workspaces).set({ xeroTenantId: tenantId }).where(eq(workspaces.id, workspaceId));
  await db.insert(xeroConnections).values({ workspaceId, tenantId, xeroConnectionId: crypto.randomUUID(), scopes: [] });
}

export async function cookieFor(userId: string) {
  return (await signInCookie(new Request("http://localhost/"), userId)).split(";")[0];
}

export async function createWorkspace(options: Partial<typeof workspaces.$inferInsert> = {}) {
  const [workspace] = await db
    .insert(workspaces)
    .values({ slug: `biz-${unique()}`, name: "Test Business", baseCurrency: "NZD", timeZone: "Pacific/Auckland", countryCode: "NZ", ...options })
    .returning();
  const owner = await createUser("Owner");
  await db.insert(memberships).values({ workspaceId: workspace.id, userId: owner.id, role: "owner" });
  return { workspace, owner, cookie: await cookieFor(owner.id) };
}

/** A live workspace connected to Xero, sending at any hour of any day (the default schedule), with one customer. */
export async function createLiveWorkspace() {
  const { workspace, owner } = await createWorkspace({
    reminderMode: "live",
    xeroTenantId: crypto.randomUUID(),
    sendWindowStartHour: 0,
    sendWindowEndHour: 24,
    sendWeekdays: [1, 2, 3, 4, 5, 6, 7],
  });
  await db.insert(xeroConnections).values({ workspaceId: workspace.id, tenantId: workspace.xeroTenantId!, xeroConnectionId: crypto.randomUUID(), scopes: [] });
  const customer = await addContact(workspace.id, { name: "Aroha's Café" });
  return { workspace, owner, customer };
}

export async function addMember(workspaceId: string, role: Role, name = "Member") {
  const user = await createUser(name);
  await db.insert(memberships).values({ workspaceId, userId: user.id, role });
  return { user, cookie: await cookieFor(user.id) };
}

export async function addContact(workspaceId: string, values: Partial<typeof contacts.$inferInsert> = {}) {
  const [contact] = await db
    .insert(contacts)
    .values({ workspaceId, xeroContactId: crypto.randomUUID(), name: `Customer ${unique()}`, emailAddress: `accounts-${unique()}@customer.test`, isCustomer: true, xeroUpdatedAt: new Date(), ...values })
    .returning();
  return contact;
}

let invoiceNumber = 1000;

export async function addInvoice(workspaceId: string, contactId: string, values: Partial<typeof invoices.$inferInsert> = {}) {
  const amountDue = values.amountDue ?? "100.00";
  const [invoice] = await db
    .insert(invoices)
    .values({
      workspaceId,
      contactId,
      xeroInvoiceId: crypto.randomUUID(),
      invoiceNumber: `INV-${invoiceNumber++}`,
      status: "AUTHORISED",
      currencyCode: "NZD",
      total: values.total ?? amountDue,
      amountDue,
      xeroUpdatedAt: new Date(),
      ...values,
    })
    .returning();
  return invoice;
}

/** The workspace's default schedule, written bare (no default steps) when it has none yet. */
export async function defaultScheduleOf(workspaceId: string) {
  await db.insert(reminderSchedules).values({ workspaceId, name: DEFAULT_SCHEDULE_NAME, precedence: 0 }).onConflictDoNothing();
  const [schedule] = await db
    .select()
    .from(reminderSchedules)
    .where(and(eq(reminderSchedules.workspaceId, workspaceId), isNull(reminderSchedules.xeroContactGroupId), isNull(reminderSchedules.retiredAt)));
  return schedule;
}

/** A step of the workspace's default schedule. */
export async function addStep(workspaceId: string, offsetDays: number) {
  const { id: scheduleId } = await defaultScheduleOf(workspaceId);
  const [step] = await db.insert(reminderSteps).values({ workspaceId, scheduleId, offsetDays, subject: "Invoice {number}", body: "Please pay." }).returning();
  return step;
}

/** A reminder for the invoice's step that went out in an email at `sentAt`. */
export async function addSentReminder(input: { workspaceId: string; contactId: string; invoiceId: string; stepId: string; sentAt: Date; amountDue: string }) {
  const [email] = await db
    .insert(reminderEmails)
    .values({
      workspaceId: input.workspaceId,
      contactId: input.contactId,
      sendDate: input.sentAt.toISOString().slice(0, 10),
      messageId: `<reminder-${unique()}@solido.test>`,
      status: "sent",
      toAddress: "accounts@customer.test",
      subject: "Invoice reminder",
      html: "<p>Please pay <strong>soon</strong>.</p>",
      text: "Please pay soon.",
      sentAt: input.sentAt,
    })
    .returning();
  await db.insert(reminders).values({ workspaceId: input.workspaceId, invoiceId: input.invoiceId, stepId: input.stepId, emailId: email.id, status: "sent", amountDue: input.amountDue });
  return email;
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
