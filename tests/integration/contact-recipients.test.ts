// Who reminders are addressed to, end to end: a contact Xero gives no
// EmailAddress but contact persons marked "include in emails" is written to as
// Xero would write to it (the first person as To, the others copied), and only
// a contact with neither is still "no email" — on the dashboard, the contact
// list and the planner alike.
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, remindAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { sql } = await import("~/server/db.server");
const { ensureDefaultSchedules, previewDueReminders } = await import("~/reminders/planner.server");
const { needsAttention } = await import("~/models/dashboard.server");
const { getContact } = await import("~/lists/contact-list.server");
const { contactRecipients, hasRecipients } = await import("~/models/contact-recipients.server");
const { listUpcomingReminders } = await import("~/models/upcoming-reminders.server");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
});

const person = (firstName: string, emailAddress: string, includeInEmails = true) => ({ firstName, lastName: "Person", emailAddress, includeInEmails });

describe("a contact with only contact persons included in emails", () => {
  it("gets its reminder at the mailbox addressed to the first included person, the other included persons copied", async () => {
    const xeroContactId = await workspace.contact({
      name: "Persons Only Ltd",
      contactPersons: [person("Left", "left-out@persons.test", false), person("Ana", "ana@persons.test"), person("Ben", "ben@persons.test")],
    });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 7), amount: "90.00" });
    await workspace.sync();

    await remindAt(NOW);

    const [message, ...others] = await receivedBy(world.mailbox, "ana@persons.test");
    expect(others).toHaveLength(0);
    expect(message.html).toContain(invoice.number);
    expect(message.to.map((to) => to.address)).toEqual(["ana@persons.test"]);
    expect(message.cc.map((cc) => cc.address)).toEqual(["ben@persons.test"]);
    expect([...message.envelope.rcptTo].sort()).toEqual(["ana@persons.test", "ben@persons.test"]);
    expect(await receivedBy(world.mailbox, "left-out@persons.test")).toHaveLength(0);
    const [email] = await workspace.emails();
    expect(email).toMatchObject({ status: "sent", toAddress: "ana@persons.test", ccAddresses: ["ben@persons.test"] });
  });

  it("is not flagged as having no email, and its upcoming reminders name the person they go to", async () => {
    const xeroContactId = await workspace.contact({ name: "Reachable Persons", contactPersons: [person("Cara", "cara@persons.test")] });
    await workspace.invoice(xeroContactId, { dueDate: TODAY, amount: "30.00" });
    await workspace.sync();
    const contactId = await workspace.solidoContactId(xeroContactId);
    await ensureDefaultSchedules(sql, workspace.workspaceId);

    expect((await getContact(workspace.workspaceId, contactId))!.state).toBe("ok");
    const attention = await needsAttention(workspace.workspaceId);
    expect(attention.noEmail.examples.map((example) => example.id)).not.toContain(contactId);
    const upcoming = await listUpcomingReminders(workspace.workspaceId, { today: TODAY, days: 30, timeZone: ZONE, contactId, now: NOW });
    expect(upcoming.length).toBeGreaterThan(0);
    expect(upcoming.every((reminder) => reminder.emailAddress === "cara@persons.test")).toBe(true);
  });
});

describe("a contact with neither an email address nor a person included in emails", () => {
  it("is still flagged: no email, on the dashboard and to the planner, and nothing is sent", async () => {
    const xeroContactId = await workspace.contact({ name: "Unreachable Ltd", contactPersons: [person("Dan", "dan@unreachable.test", false)] });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 7), amount: "45.00" });
    await workspace.sync();
    const contactId = await workspace.solidoContactId(xeroContactId);

    await remindAt(NOW);

    expect(await workspace.emails()).toHaveLength(0);
    expect(await receivedBy(world.mailbox, "dan@unreachable.test")).toHaveLength(0);
    const preview = await previewDueReminders(workspace.workspaceId, NOW);
    expect(preview).toEqual([expect.objectContaining({ invoiceId: await workspace.solidoInvoiceId(invoice.xeroInvoiceId), blocked: "no_email" })]);
    expect((await getContact(workspace.workspaceId, contactId))!.state).toBe("no_email");
    const attention = await needsAttention(workspace.workspaceId);
    expect(attention.noEmail.examples).toEqual([{ id: contactId, name: "Unreachable Ltd" }]);
  });
});

describe("one rule in TypeScript and SQL", () => {
  it("finds someone to write to in SQL exactly when contactRecipients does", async () => {
    const cases: { emailAddress: string | null; ccEmailAddresses: string[] }[] = [
      { emailAddress: "own@case.test", ccEmailAddresses: [] },
      { emailAddress: "own@case.test", ccEmailAddresses: ["copy@case.test"] },
      { emailAddress: null, ccEmailAddresses: ["first@case.test", "second@case.test"] },
      { emailAddress: "   ", ccEmailAddresses: ["first@case.test"] },
      { emailAddress: "", ccEmailAddresses: [] },
      { emailAddress: null, ccEmailAddresses: [] },
      { emailAddress: "  ", ccEmailAddresses: [] },
    ];
    const rows = await sql<{ reachable: boolean }[]>`
      select ${hasRecipients()} as reachable
      from jsonb_to_recordset(${JSON.stringify(cases.map((each, position) => ({ position, email_address: each.emailAddress, cc_email_addresses: each.ccEmailAddresses })))}::jsonb)
        as c(position int, email_address text, cc_email_addresses text[])
      order by c.position`;
    expect(rows.map((row) => row.reachable)).toEqual(cases.map((each) => contactRecipients(each) !== null));
  });

  it("writes to the contact's own address with every included person copied, once each", () => {
    expect(contactRecipients({ emailAddress: " Own@case.test ", ccEmailAddresses: ["copy@case.test", "own@case.test", "copy@case.test", "not an address"] })).toEqual({
      to: "Own@case.test",
      cc: ["copy@case.test"],
    });
    expect(contactRecipients({ emailAddress: null, ccEmailAddresses: ["broken@", "first@case.test", "second@case.test"] })).toEqual({
      to: "first@case.test",
      cc: ["second@case.test"],
    });
  });
});
