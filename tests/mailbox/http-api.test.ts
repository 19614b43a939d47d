import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearMessages, listMessages, rawMessage } from "../../mailbox/client";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

describe("the mailbox's JSON API", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.close());
  beforeEach(() => mailbox.clear());

  it("lists messages newest first, filtered by recipient", async () => {
    await sendTestMail(mailbox.smtpUrl, { subject: "first", to: "pat@customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "second", to: "sam@customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "third", to: "pat@customer.test" });

    expect((await listMessages(mailbox.url)).map((message) => message.subject)).toEqual(["third", "second", "first"]);
    expect((await listMessages(mailbox.url, { to: "pat@customer.test" })).map((message) => message.subject)).toEqual([
      "third",
      "first",
    ]);
  });

  it("returns one message with its parts, and its raw source separately", async () => {
    await sendTestMail(mailbox.smtpUrl, { subject: "Invoice due", messageId: "<one@acme.test>" });
    const [stored] = await mailbox.messages();

    const response = await fetch(`${mailbox.url}/api/messages/${stored.id}`);
    const message = await response.json();
    expect(message).toMatchObject({
      id: stored.id,
      subject: "Invoice due",
      messageId: "<one@acme.test>",
      html: "<p>Hello in <b>HTML</b></p>",
      text: "Hello in plain text",
    });
    expect(message).not.toHaveProperty("raw");

    expect(await rawMessage(mailbox.url, stored.id)).toBe(stored.raw.toString());
  });

  it("answers 404 for a message it doesn't have", async () => {
    expect((await fetch(`${mailbox.url}/api/messages/nope`)).status).toBe(404);
    expect((await fetch(`${mailbox.url}/api/messages/nope/raw`)).status).toBe(404);
  });

  it("deletes every message", async () => {
    await sendTestMail(mailbox.smtpUrl);

    await clearMessages(mailbox.url);

    expect(await listMessages(mailbox.url)).toEqual([]);
  });
});
