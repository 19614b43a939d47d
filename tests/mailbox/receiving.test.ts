import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

describe("the mailbox receiving mail over SMTP", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, maxMessages: 3 });
  });
  afterAll(() => mailbox.close());
  beforeEach(() => mailbox.clear());

  it("keeps the envelope and the parsed message", async () => {
    await sendTestMail(mailbox.smtpUrl, {
      from: "Acme Ltd <billing@acme.test>",
      to: "Pat <pat@customer.test>",
      cc: "accounts@customer.test",
      bcc: "archive@acme.test",
      replyTo: "Acme Accounts <accounts@acme.test>",
      subject: "Invoice INV-0001 is due",
      messageId: "<inv-0001@acme.test>",
      date: new Date("2026-03-01T09:00:00Z"),
      headers: { "X-Reminder": "first" },
    });

    const [message] = await mailbox.messages();
    expect(message.envelope).toEqual({
      mailFrom: "billing@acme.test",
      rcptTo: ["pat@customer.test", "accounts@customer.test", "archive@acme.test"],
    });
    expect(message).toMatchObject({
      messageId: "<inv-0001@acme.test>",
      subject: "Invoice INV-0001 is due",
      date: "2026-03-01T09:00:00.000Z",
      from: [{ name: "Acme Ltd", address: "billing@acme.test" }],
      to: [{ name: "Pat", address: "pat@customer.test" }],
      cc: [{ name: "", address: "accounts@customer.test" }],
      replyTo: [{ name: "Acme Accounts", address: "accounts@acme.test" }],
      html: "<p>Hello in <b>HTML</b></p>",
      text: "Hello in plain text",
    });
    expect(message.headers).toContainEqual({ name: "X-Reminder", value: "first" });
    expect(message.raw.toString()).toContain("Message-ID: <inv-0001@acme.test>");
    expect(message.size).toBe(message.raw.length);
  });

  it("accepts a client that authenticates, with any credentials", async () => {
    const url = new URL(mailbox.smtpUrl);
    url.username = "anyone";
    url.password = "any password";
    await sendTestMail(url.toString(), { subject: "Authenticated" });

    expect((await mailbox.messages()).map((message) => message.subject)).toEqual(["Authenticated"]);
  });

  it("keeps only the newest messages beyond its maximum", async () => {
    for (const subject of ["one", "two", "three", "four"]) {
      await sendTestMail(mailbox.smtpUrl, { subject });
    }

    expect((await mailbox.messages()).map((message) => message.subject)).toEqual(["four", "three", "two"]);
  });

  it("filters messages by the recipient they were delivered to, Bcc included", async () => {
    await sendTestMail(mailbox.smtpUrl, { subject: "to Pat", to: "pat@customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "Bcc to Pat", to: "sam@customer.test", bcc: "Pat@Customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "to Sam", to: "sam@customer.test" });

    expect((await mailbox.messages({ to: "pat@customer.test" })).map((message) => message.subject)).toEqual(["Bcc to Pat", "to Pat"]);
  });
});
