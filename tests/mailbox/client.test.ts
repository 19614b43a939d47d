import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitForMessages } from "../../mailbox/client";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

describe("waitForMessages", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.close());
  beforeEach(() => mailbox.clear());

  it("waits for messages that arrive after it starts polling", async () => {
    const waiting = waitForMessages(mailbox.url, { to: "pat@customer.test", count: 2, timeoutMs: 5_000 });
    await sendTestMail(mailbox.smtpUrl, { subject: "one", to: "pat@customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "not Pat's", to: "sam@customer.test" });
    await sendTestMail(mailbox.smtpUrl, { subject: "two", to: "pat@customer.test" });

    expect((await waiting).map((message) => message.subject)).toEqual(["two", "one"]);
  });

  it("gives up after its timeout, saying what did arrive", async () => {
    await sendTestMail(mailbox.smtpUrl, { subject: "only one", to: "pat@customer.test" });

    await expect(waitForMessages(mailbox.url, { to: "pat@customer.test", count: 2, timeoutMs: 200 })).rejects.toThrow(
      'Expected 2 message(s) to pat@customer.test at ' + mailbox.url + ', but 1 arrived: "only one"',
    );
  });
});
