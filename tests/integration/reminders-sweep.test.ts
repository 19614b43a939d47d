// No reminder email stays `queued` for good: one whose send job ran out of
// retries in an SMTP outage is queued again once the server is back, or
// recorded failed with a reason after a day; one held because the mail server
// refused Solido's credentials waits, without a retry loop, until they work.
import { eq, sql } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import { at, liveWorkspace, receivedBy, runJobsAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { reminderEmails } = await import("~db/schema");
const { planReminders } = await import("~/reminders/planner.server");
const { prepareReminderEmails } = await import("~/reminders/prepare.server");
const { sendReminderEmails, HELD_FOR_CREDENTIALS } = await import("~/reminders/send.server");
const { sweepStrandedEmails } = await import("~/reminders/sweep.server");
const { createEmailTransport } = await import("~/server/email.server");
const { loadDashboard } = await import("~/pages/dashboard/page.server");
const { loader: healthz } = await import("~/routes/healthz");
const { workspaces } = await import("~db/schema");

/** What the business sees on its dashboard, and what /healthz tells whoever runs Solido. */
async function sendingAsShown() {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspace.workspaceId));
  const dashboard = await loadDashboard(row);
  const response = await healthz();
  const body = await response.text();
  return { dashboard: dashboard.attention.sending, healthz: JSON.parse(body).sending, healthzBody: body };
}

const ZONE = "Pacific/Auckland";
const NOW = at("2025-06-11T10:00", ZONE);

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  world.mailbox.faults.clear();
});

async function preparedEmail(emailAddress: string) {
  const contactId = await workspace.contact({ name: `Customer ${emailAddress}`, emailAddress });
  await workspace.invoice(contactId, { dueDate: "2025-06-04", amount: "45.00" });
  await workspace.sync();
  await planReminders(NOW);
  await prepareReminderEmails(workspace.workspaceId, NOW);
  const [email] = await workspace.emails();
  return email;
}

/** What graphile-worker does once a job's attempts are spent: it stays, and is never run again. */
async function spendEveryRetry() {
  await db.execute(sql`
    update graphile_worker._private_jobs set attempts = max_attempts
    where id in (select id from graphile_worker.jobs where task_identifier = 'reminder_email_send')`);
}

it("queues again an email whose send job spent its retries in an SMTP outage, and it is delivered once", async () => {
  const email = await preparedEmail("outage@customer.test");
  world.mailbox.faults.add({ code: 421, message: "4.3.2 Service not available, closing channel" });
  await runJobsAt(NOW);
  await spendEveryRetry();
  expect((await workspace.emails())[0]).toMatchObject({ status: "queued", lastError: expect.stringContaining("421") });

  // The server is back; the job is not.
  world.mailbox.faults.clear();
  expect(await sweepStrandedEmails()).toEqual({ requeued: 1, failed: 0, held: 0 });
  // Swept twice: it has a job now, so nothing more.
  expect(await sweepStrandedEmails()).toEqual({ requeued: 0, failed: 0, held: 0 });
  await runJobsAt(NOW);

  expect(await receivedBy(world.mailbox, "outage@customer.test")).toHaveLength(1);
  expect((await workspace.emails())[0]).toMatchObject({ id: email.id, status: "sent" });
});

it("records an email stranded for over a day as failed, with the mail server's last answer as the reason", async () => {
  const email = await preparedEmail("long-outage@customer.test");
  world.mailbox.faults.add({ code: 421, message: "4.3.2 Service not available, closing channel" });
  await runJobsAt(NOW);
  await spendEveryRetry();
  await db.update(reminderEmails).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(reminderEmails.id, email.id));

  expect(await sweepStrandedEmails()).toEqual({ requeued: 0, failed: 1, held: 0 });

  const [failed] = await workspace.emails();
  expect(failed.status).toBe("failed");
  expect(failed.lastError).toMatch(/^Not sent: the mail server could not take it for over 24 hours \(last answer: .*421/);
  expect((await workspace.reminders()).map((reminder) => reminder.status)).toEqual(["skipped"]);
  expect(await receivedBy(world.mailbox, "long-outage@customer.test")).toHaveLength(0);
});

it("holds emails without retrying when the mail server refuses Solido's credentials, and sends them once the credentials work", async () => {
  const email = await preparedEmail("held@customer.test");
  const withCredentials = createEmailTransport(world.mailbox.smtpUrl.replace("smtp://", "smtp://solido:expired@"));
  const errors: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.map(String).join(" "));
  try {
    world.mailbox.faults.add({ auth: true, code: 535 });

    // What the send job does (here with a transport that signs in); the job then completes: no retry loop.
    const outcomes = await sendReminderEmails([email.id], NOW, withCredentials);
    expect(outcomes.get(email.id)).toBe("held");
    await db.execute(sql`delete from graphile_worker._private_jobs where id in (select id from graphile_worker.jobs where task_identifier = 'reminder_email_send')`);
    expect((await workspace.emails())[0]).toMatchObject({ status: "queued", lastError: HELD_FOR_CREDENTIALS });
    // Visible, not only logged: the business's dashboard says its emails are held, /healthz says sending is held
    // (and the service degraded) with counts only, never the mail server's words.
    const shown = await sendingAsShown();
    expect(shown.dashboard).toEqual({ heldForLogin: 1, delayed: 0, refused: 0 });
    expect(shown.healthz).toMatchObject({ status: "held", heldEmails: 1 });
    expect(JSON.parse(shown.healthzBody).status).toBe("degraded");
    expect(shown.healthzBody).not.toMatch(/535|EAUTH|expired|Authentication/i);
    // Still refused: the sweep checks once, alerts again, and leaves them held.
    expect(await sweepStrandedEmails(withCredentials)).toEqual({ requeued: 0, failed: 0, held: 1 });
    expect(errors.filter((line) => line.includes("ALERT") && line.includes("EAUTH"))).toHaveLength(2);

    world.mailbox.faults.clear();
    expect(await sweepStrandedEmails(withCredentials)).toEqual({ requeued: 1, failed: 0, held: 0 });
  } finally {
    console.error = consoleError;
    withCredentials.close();
  }
  await runJobsAt(NOW);
  expect(await receivedBy(world.mailbox, "held@customer.test")).toHaveLength(1);
  expect((await workspace.emails())[0].status).toBe("sent");
  const shown = await sendingAsShown();
  expect(shown.dashboard.heldForLogin).toBe(0);
  expect(shown.healthz).toMatchObject({ status: "ok", heldEmails: 0 });
});

it("shows an email the mail server refused from Solido (554 5.7.1) on the dashboard and /healthz, not blaming the address", async () => {
  const email = await preparedEmail("relay@customer.test");
  world.mailbox.faults.add({ recipient: "relay@customer.test", code: 554, message: "5.7.1 Relay access denied" });
  const logged = vi.spyOn(console, "warn").mockImplementation(() => {}); // the ALERT line, expected
  await runJobsAt(NOW);
  logged.mockRestore();
  expect((await workspace.emails())[0]).toMatchObject({ id: email.id, status: "failed" });
  const shown = await sendingAsShown();
  expect(shown.dashboard).toEqual({ heldForLogin: 0, delayed: 0, refused: 1 });
  expect(shown.healthz).toMatchObject({ refusedEmailsLast7Days: 1 });
  expect(shown.healthzBody).not.toMatch(/Relay access denied|5\.7\.1/);
});
