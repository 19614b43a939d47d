// Reminder tests drive the whole engine for real: the Xero sandbox over HTTP,
// the local SMTP mailbox, PostgreSQL, and the worker's real tasks, run on a
// clock the test chooses (the reminder tasks take it as an argument).
// startReminderWorld() must run before any app module is imported.
import { and, eq } from "drizzle-orm";
import { afterAll } from "vitest";
import { startMailbox, type Mailbox } from "~mailbox/server";
import { drainJobs } from "../support/jobs";
import { connectedWorkspace, control, runJobs, startSandboxForApp } from "../support/sandbox-app";

export const SENDING_ADDRESS = "reminders@solido.test";

export async function startReminderWorld() {
  const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.EMAIL_FROM = `Solido <${SENDING_ADDRESS}>`;
  const sandbox = await startSandboxForApp();
  afterAll(async () => {
    const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
    await closeWorkerLiveness();
    await sandbox.close();
    await mailbox.close();
  });
  return { mailbox, sandbox };
}

type World = Awaited<ReturnType<typeof startReminderWorld>>;
/** Runs every job that is due, with the reminder tasks on the given day and hour. */
export async function runJobsAt(now: Date) {
  const { taskList, reminderTasks } = await import("~jobs/tasks");
  await drainJobs({ ...taskList, ...reminderTasks(() => now) });
}

/** What the reminders_plan crontab does at `now`, then every job it leads to. */
export async function remindAt(now: Date) {
  const { planReminders } = await import("~/reminders/planner.server");
  const planned = await planReminders(now);
  if (planned.workspaces > 0) await runJobsAt(now);
  return planned;
}

let organisations = 0;

/**
 * A workspace bound to a fresh sandbox organisation with no invoices, synced
 * once, in the given time zone, reminders live. Contacts and invoices are then
 * added in "Xero" (the sandbox's control API) and synced like any change.
 */
export async function liveWorkspace(world: World, options: { timeZone: string; countryCode?: string; live?: boolean }) {
  const name = `Reminder Test Org ${++organisations}`;
  const created = await control(world.sandbox, "/organisations/large", { name, contacts: 1, invoices: 0, seed: organisations, userEmails: ["demo@solido.test"] });
  const { workspaceId, slug } = await connectedWorkspace(world.sandbox, "demo@solido.test", name);
  await runJobs();
  const { db } = await import("~/server/db.server");
  const { workspaces } = await import("~db/schema");
  await db
    .update(workspaces)
    .set({
      timeZone: options.timeZone,
      countryCode: options.countryCode ?? "NZ",
      reminderMode: options.live === false ? "preview" : "live",
      remindersLiveSince: options.live === false ? null : new Date(),
    })
    .where(eq(workspaces.id, workspaceId));
  const tenantId = created.tenantId as string;
  return {
    workspaceId,
    slug,
    tenantId,
    async contact(input: { name: string; emailAddress?: string; contactPersons?: { firstName: string; lastName: string; emailAddress: string; includeInEmails: boolean }[] }) {
      const contact = await control(world.sandbox, `/organisations/${tenantId}/contacts`, { isCustomer: true, ...input });
      return contact.ContactID as string;
    },
    async invoice(contactId: string, input: { dueDate: string; amount: string; reference?: string; number?: string; currencyCode?: string }) {
      const invoice = await control(world.sandbox, `/organisations/${tenantId}/invoices`, { contactId, status: "AUTHORISED", date: input.dueDate, ...input });
      return { xeroInvoiceId: invoice.InvoiceID as string, number: invoice.InvoiceNumber as string };
    },
    async pay(xeroInvoiceId: string, amount?: string) {
      await control(world.sandbox, `/organisations/${tenantId}/invoices/${xeroInvoiceId}/payments`, amount ? { amount } : {});
    },
    /** Copies what changed in Xero, as the scheduled sync would. */
    async sync() {
      const { requestSync } = await import("~/xero/connection-lifecycle.server");
      await requestSync(workspaceId);
      await runJobs();
    },
    async emails() {
      const { reminderEmails } = await import("~db/schema");
      return db.select().from(reminderEmails).where(eq(reminderEmails.workspaceId, workspaceId));
    },
    async reminders() {
      const { reminders } = await import("~db/schema");
      return db.select().from(reminders).where(eq(reminders.workspaceId, workspaceId));
    },
    async solidoInvoiceId(xeroInvoiceId: string) {
      const { invoices } = await import("~db/schema");
      const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.xeroInvoiceId, xeroInvoiceId)));
      return row.id;
    },
    async solidoContactId(xeroContactId: string) {
      const { contacts } = await import("~db/schema");
      const [row] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.xeroContactId, xeroContactId)));
      return row.id;
    },
  };
}

export type TestWorkspace = Awaited<ReturnType<typeof liveWorkspace>>;

/** The messages the mailbox received for one address, oldest first. */
export async function receivedBy(mailbox: Mailbox, address: string) {
  return (await mailbox.messages())
    .filter((message) => message.envelope.rcptTo.some((rcpt) => rcpt.toLowerCase() === address.toLowerCase()))
    .reverse();
}

/** A UTC instant from a local wall-clock time in a zone, e.g. at("2025-04-10T09:00", "Pacific/Auckland"). */
export function at(localDateTime: string, timeZone: string): Date {
  const guess = new Date(`${localDateTime}:00Z`);
  // The zone's offset at that moment, found by formatting; twice, in case the guess fell across a change.
  const offset = (instant: Date) => {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(instant);
    const get = (type: string) => parts.find((part) => part.type === type)!.value;
    return Date.parse(`${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:00Z`) - instant.getTime();
  };
  const first = new Date(guess.getTime() - offset(guess));
  return new Date(guess.getTime() - offset(first));
}

/** The local date and hour of an instant in a zone, e.g. "2025-04-10 09:00". */
export function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}
