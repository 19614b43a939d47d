// The default schedule played over two months of days, hour by hour, for
// workspaces in New Zealand, the UK and US Pacific time, each across a
// daylight-saving change: every step goes out once, at 09:00 local on a
// weekday, and a step falling on a weekend waits for Monday.
import { describe, expect, it } from "vitest";
import { at, liveWorkspace, localTime, receivedBy, remindAt, startReminderWorld } from "../reminders/support";

const world = await startReminderWorld();

const HOUR = 3_600_000;

const ZONES = [
  {
    timeZone: "Pacific/Auckland",
    countryCode: "NZ",
    // NZ daylight saving ends on Sunday 6 April 2025, between the due-date step and the 7-day one.
    dueDate: "2025-04-03",
    expected: ["2025-03-31 09:00", "2025-04-03 09:00", "2025-04-10 09:00", "2025-04-17 09:00", "2025-05-05 09:00"],
  },
  {
    timeZone: "Europe/London",
    countryCode: "GB",
    // British Summer Time starts on Sunday 30 March 2025.
    dueDate: "2025-03-27",
    expected: ["2025-03-24 09:00", "2025-03-27 09:00", "2025-04-03 09:00", "2025-04-10 09:00", "2025-04-28 09:00"],
  },
  {
    timeZone: "America/Los_Angeles",
    countryCode: "US",
    // US daylight saving starts on Sunday 9 March 2025.
    dueDate: "2025-03-06",
    expected: ["2025-03-03 09:00", "2025-03-06 09:00", "2025-03-13 09:00", "2025-03-20 09:00", "2025-04-07 09:00"],
  },
];

describe("the default schedule over a timeline of days", () => {
  it("sends each of the five steps once, at 09:00 local on a weekday, in New Zealand, the UK and US Pacific across daylight-saving changes", async () => {
    const workspaces = [];
    for (const zone of ZONES) {
      const workspace = await liveWorkspace(world, { timeZone: zone.timeZone, countryCode: zone.countryCode });
      const email = `accounts+${zone.countryCode.toLowerCase()}@customer.test`;
      const contactId = await workspace.contact({ name: `Customer in ${zone.timeZone}`, emailAddress: email });
      const invoice = await workspace.invoice(contactId, { dueDate: zone.dueDate, amount: "100.00", reference: "Timeline" });
      await workspace.sync();
      workspaces.push({ zone, workspace, email, invoice });
    }

    // Every hour from 1 March to 10 May 2025 (UTC), as the crontab would tick.
    for (let now = Date.parse("2025-03-01T00:00:00Z"); now < Date.parse("2025-05-10T00:00:00Z"); now += HOUR) {
      await remindAt(new Date(now));
    }

    for (const { zone, workspace, email, invoice } of workspaces) {
      const sent = (await workspace.emails()).filter((row) => row.status === "sent").sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime());
      expect(sent.map((row) => localTime(row.sentAt!, zone.timeZone)), zone.timeZone).toEqual(zone.expected);
      expect(sent.map((row) => row.subject)).toEqual([
        expect.stringMatching(new RegExp(`^Invoice ${invoice.number} is due on `)),
        `Invoice ${invoice.number} is due today`,
        `Invoice ${invoice.number} is now overdue`,
        expect.stringMatching(new RegExp(`^Second reminder: invoice ${invoice.number} is 14 days overdue$`)),
        expect.stringMatching(new RegExp(`^Final reminder: invoice ${invoice.number} is 3\\d days overdue$`)),
      ]);

      const messages = await receivedBy(world.mailbox, email);
      expect(messages).toHaveLength(5);
      expect(new Set(messages.map((message) => message.messageId)).size).toBe(5);
      expect(messages.map((message) => message.messageId)).toEqual(sent.map((row) => row.messageId));
      // The Date header is the moment Solido sent it: 09:00 in the organisation's zone.
      expect(messages.map((message) => localTime(new Date(message.date!), zone.timeZone))).toEqual(zone.expected);

      const reminders = await workspace.reminders();
      expect(reminders).toHaveLength(5);
      expect(reminders.every((reminder) => reminder.status === "sent")).toBe(true);
    }
  }, 240_000);

  it("at() and localTime() agree on the hour either side of a change", () => {
    expect(localTime(at("2025-04-07T09:00", "Pacific/Auckland"), "Pacific/Auckland")).toBe("2025-04-07 09:00");
    expect(at("2025-04-07T09:00", "Pacific/Auckland").toISOString()).toBe("2025-04-06T21:00:00.000Z");
    expect(at("2025-04-04T09:00", "Pacific/Auckland").toISOString()).toBe("2025-04-03T20:00:00.000Z");
    expect(at("2025-03-10T09:00", "America/Los_Angeles").toISOString()).toBe("2025-03-10T16:00:00.000Z");
    expect(at("2025-03-07T09:00", "America/Los_Angeles").toISOString()).toBe("2025-03-07T17:00:00.000Z");
  });
});
