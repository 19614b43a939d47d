import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addFaults, clearFaults } from "../../mailbox/client";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

describe("faults injected into the mailbox", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.close());
  beforeEach(async () => {
    mailbox.faults.clear();
    await mailbox.clear();
  });

  it("refuses recipients matching a pattern with 550 and still delivers to the others", async () => {
    mailbox.faults.add({ recipient: "*@BOUNCE.test", code: 550 });

    const info = await sendTestMail(mailbox.smtpUrl, { to: ["gone@bounce.test", "pat@customer.test"] });

    expect(info.rejected).toEqual(["gone@bounce.test"]);
    // nodemailer reports each refusal, though its types don't say so.
    expect((info as { rejectedErrors?: unknown[] }).rejectedErrors?.[0]).toMatchObject({ responseCode: 550, response: expect.stringContaining("Mailbox unavailable") });
    expect((await mailbox.messages())[0].envelope.rcptTo).toEqual(["pat@customer.test"]);
  });

  it("defers a matching recipient with 451 when every recipient is refused", async () => {
    mailbox.faults.add({ recipient: "pat@customer.test", code: 451, message: "Greylisted, try again" });

    await expect(sendTestMail(mailbox.smtpUrl, { to: "pat@customer.test" })).rejects.toMatchObject({
      code: "EENVELOPE",
      responseCode: 451,
      response: expect.stringContaining("Greylisted, try again"),
    });
    expect(await mailbox.messages()).toEqual([]);
  });

  it("refuses the next N messages after DATA, then accepts again", async () => {
    mailbox.faults.add({ code: 451, times: 2 });

    for (let attempt = 1; attempt <= 2; attempt++) {
      await expect(sendTestMail(mailbox.smtpUrl, { subject: `attempt ${attempt}` })).rejects.toMatchObject({
        code: "EMESSAGE",
        responseCode: 451,
      });
    }
    await sendTestMail(mailbox.smtpUrl, { subject: "attempt 3" });

    expect((await mailbox.messages()).map((message) => message.subject)).toEqual(["attempt 3"]);
    expect(mailbox.faults.list()).toEqual([]);
  });

  it("takes faults from its options at start", async () => {
    const preset = await startMailbox({ smtpPort: 0, httpPort: 0, faults: [{ code: 554, message: "No thanks" }] });
    try {
      await expect(sendTestMail(preset.smtpUrl)).rejects.toMatchObject({ responseCode: 554 });
    } finally {
      await preset.close();
    }
  });

  it("adds and clears faults through the HTTP API", async () => {
    const added = await addFaults(mailbox.url, [{ recipient: "*@bounce.test", code: 550 }, { code: 421, times: 1 }]);
    expect(added).toMatchObject([{ recipient: "*@bounce.test", code: 550 }, { code: 421, times: 1 }]);
    const listed = await (await fetch(`${mailbox.url}/api/faults`)).json();
    expect(listed).toEqual({ faults: added });

    await clearFaults(mailbox.url);

    await sendTestMail(mailbox.smtpUrl, { to: "gone@bounce.test" });
    expect(await mailbox.messages()).toHaveLength(1);
  });

  it("answers 400 to a fault that is not a 4xx or 5xx code", async () => {
    const response = await fetch(`${mailbox.url}/api/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ recipient: "*", code: 250 }),
    });

    expect(response.status).toBe(400);
    expect(mailbox.faults.list()).toEqual([]);
  });
});
