import net from "node:net";
import { Html, Text } from "@react-email/components";
import { createElement } from "react";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { waitForMessages } from "../../mailbox/client";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import {
  createEmailTransport,
  defaultEmailTransport,
  renderEmail,
  sendEmail,
  type EmailTransport,
  type OutgoingEmail,
} from "./email.server";

let mailbox: Mailbox;
let transport: EmailTransport;
beforeAll(async () => {
  mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  transport = createEmailTransport(mailbox.smtpUrl);
});
afterAll(async () => {
  transport.close();
  await mailbox.close();
});
beforeEach(async () => {
  mailbox.faults.clear();
  await mailbox.clear();
});

function reminder(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: "Acme Ltd via Solido", address: "reminders@solido.test" },
    to: { name: "Pat Customer", address: "pat@customer.test" },
    subject: "Invoice INV-0042 is due",
    html: "<p>Please pay <strong>INV-0042</strong>.</p>",
    text: "Please pay INV-0042.",
    messageId: "<reminder-42@solido.test>",
    date: new Date("2026-03-01T09:00:00Z"),
    ...overrides,
  };
}

async function onlyMessage() {
  const messages = await waitForMessages(mailbox.url, { count: 1 });
  expect(messages).toHaveLength(1);
  return messages[0];
}

describe("sendEmail", () => {
  it("delivers the html and text parts with the Message-ID, cc and reply-to as given", async () => {
    const result = await sendEmail(
      reminder({
        cc: ["accounts@customer.test"],
        replyTo: { name: "Acme Accounts", address: "accounts@acme.test" },
        headers: { "X-Solido-Reminder": "42" },
      }),
      transport,
    );

    expect(result).toMatchObject({
      ok: true,
      messageId: "<reminder-42@solido.test>",
      accepted: ["pat@customer.test", "accounts@customer.test"],
      rejected: [],
    });
    const message = await onlyMessage();
    expect(message).toMatchObject({
      messageId: "<reminder-42@solido.test>",
      subject: "Invoice INV-0042 is due",
      date: "2026-03-01T09:00:00.000Z",
      from: [{ name: "Acme Ltd via Solido", address: "reminders@solido.test" }],
      to: [{ name: "Pat Customer", address: "pat@customer.test" }],
      cc: [{ name: "", address: "accounts@customer.test" }],
      replyTo: [{ name: "Acme Accounts", address: "accounts@acme.test" }],
      html: "<p>Please pay <strong>INV-0042</strong>.</p>",
      text: "Please pay INV-0042.",
      envelope: { mailFrom: "reminders@solido.test", rcptTo: ["pat@customer.test", "accounts@customer.test"] },
    });
    expect(message.headers).toContainEqual({ name: "X-Solido-Reminder", value: "42" });
  });

  it("adds angle brackets to a Message-ID given without them", async () => {
    const result = await sendEmail(reminder({ messageId: "reminder-43@solido.test" }), transport);

    expect(result).toMatchObject({ ok: true, messageId: "<reminder-43@solido.test>" });
    expect((await onlyMessage()).messageId).toBe("<reminder-43@solido.test>");
  });

  it("delivers HTML with non-ASCII text and long lines unchanged", async () => {
    const html = `<table><tr><td style="color:#333">Amount due: €1,234.50 — Ōtautahi café</td></tr></table><p>${"word ".repeat(400)}</p>`;

    await sendEmail(reminder({ html, subject: "Rappel : facture échue €" }), transport);

    const message = await onlyMessage();
    expect(message.html).toBe(html);
    expect(message.subject).toBe("Rappel : facture échue €");
  });

  it("turns Nagle's algorithm off on its SMTP connections, so a message's final dot does not wait for the server's delayed acknowledgement", async () => {
    // With Nagle's algorithm on, each message's final dot waits for the server's delayed ACK (40 ms on
    // Linux). What that costs is bench:reminders' to print; here, that every connection turns it off.
    const noDelay: boolean[] = [];
    const smtpPort = Number(new URL(mailbox.smtpUrl).port);
    const setNoDelay = net.Socket.prototype.setNoDelay;
    net.Socket.prototype.setNoDelay = function (this: net.Socket, value?: boolean) {
      // The client's end only (the mailbox's end of the connection is a socket in this process too).
      if (this.remotePort === smtpPort) noDelay.push(value ?? true);
      return setNoDelay.call(this, value);
    };
    const single = createEmailTransport(`${mailbox.smtpUrl}?maxConnections=1`);
    try {
      for (let index = 0; index < 3; index++) {
        expect(await sendEmail(reminder({ messageId: `<one-after-another-${index}@solido.test>` }), single)).toMatchObject({ ok: true });
      }
    } finally {
      net.Socket.prototype.setNoDelay = setNoDelay;
      single.close();
    }
    // One connection, reused for the three messages, with no delay.
    expect(noDelay).toEqual([true]);
  });

  it("keeps a display name containing CRLF from adding a Bcc header or a recipient", async () => {
    const result = await sendEmail(
      reminder({
        from: { name: "Acme\r\nBcc: evil@x.test", address: "reminders@solido.test" },
        to: { name: "Pat\r\nBcc: evil@x.test", address: "pat@customer.test" },
      }),
      transport,
    );

    expect(result).toMatchObject({ ok: true, accepted: ["pat@customer.test"] });
    const message = await onlyMessage();
    expect(message.envelope.rcptTo).toEqual(["pat@customer.test"]);
    expect(message.headers.map((header) => header.name.toLowerCase())).not.toContain("bcc");
    expect(message.to).toEqual([{ name: "Pat Bcc: evil@x.test", address: "pat@customer.test" }]);
    expect(message.from).toEqual([{ name: "Acme Bcc: evil@x.test", address: "reminders@solido.test" }]);
  });

  it("keeps a newline in the subject or a header value from starting a new header", async () => {
    await sendEmail(
      reminder({
        subject: "Due soon\r\nBcc: evil@x.test\nX-Injected: yes",
        headers: { "X-Solido-Reminder": "42\r\nX-Injected: yes" },
      }),
      transport,
    );

    const message = await onlyMessage();
    expect(message.subject).toBe("Due soon Bcc: evil@x.test X-Injected: yes");
    const names = message.headers.map((header) => header.name.toLowerCase());
    expect(names).not.toContain("bcc");
    expect(names).not.toContain("x-injected");
    expect(message.envelope.rcptTo).toEqual(["pat@customer.test"]);
  });

  it("refuses an invalid recipient address as a permanent failure, sending nothing", async () => {
    for (const address of ["not-an-address", "pat@customer.test>\r\nBcc: evil@x.test", "pat@customer.test, evil@x.test"]) {
      const result = await sendEmail(reminder({ to: address }), transport);

      expect(result).toEqual({ ok: false, kind: "permanent", blame: "recipient", message: `Invalid email address: ${JSON.stringify(address)}` });
    }
    expect(await mailbox.messages()).toEqual([]);
  });

  it("refuses to let custom headers replace the ones it sets, or a malformed Message-ID", async () => {
    await expect(sendEmail(reminder({ headers: { Bcc: "evil@x.test" } }), transport)).rejects.toThrow(
      'sendEmail cannot set the header "Bcc"',
    );
    await expect(sendEmail(reminder({ messageId: "<two words@solido.test>" }), transport)).rejects.toThrow(
      "messageId must look like <id@domain>",
    );
    expect(await mailbox.messages()).toEqual([]);
  });

  it("reports a recipient refused with 550 as a permanent failure of the recipient's address", async () => {
    mailbox.faults.add({ recipient: "pat@customer.test", code: 550 });

    const result = await sendEmail(reminder(), transport);

    expect(result).toMatchObject({ ok: false, kind: "permanent", blame: "recipient", code: 550, message: expect.stringContaining("Mailbox unavailable") });
  });

  it("blames the address for RCPT-stage 551 and 553, and for an enhanced 5.1.x at any stage", async () => {
    mailbox.faults.add({ recipient: "pat@customer.test", code: 551, times: 1 });
    mailbox.faults.add({ recipient: "pat@customer.test", code: 553, times: 1 });
    mailbox.faults.add({ code: 550, message: "5.1.1 <pat@customer.test>: Recipient address rejected", times: 1 });

    for (const code of [551, 553, 550]) expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "permanent", blame: "recipient", code });
  });

  it("blames the sending side, not the address, for relay and policy refusals and for 421", async () => {
    mailbox.faults.add({ recipient: "pat@customer.test", code: 554, message: "5.7.1 Relay access denied", times: 1 });
    mailbox.faults.add({ recipient: "pat@customer.test", code: 550, message: "5.7.1 Sender address rejected by policy", times: 1 });
    mailbox.faults.add({ code: 554, message: "5.7.1 Message refused by policy", times: 1 });
    mailbox.faults.add({ code: 421, message: "4.3.2 Service shutting down", times: 1 });

    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "permanent", blame: "sender", code: 554 });
    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "permanent", blame: "sender", code: 550 });
    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "permanent", blame: "sender", code: 554 });
    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "temporary", blame: "sender", code: 421 });
    expect(await mailbox.messages()).toEqual([]);
  });

  it("reports a recipient deferred with 451 as a temporary failure", async () => {
    mailbox.faults.add({ recipient: "pat@customer.test", code: 451 });

    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "temporary", code: 451 });
  });

  it("reports a message refused after DATA by its reply code", async () => {
    mailbox.faults.add({ code: 452, times: 1 });
    mailbox.faults.add({ code: 554, times: 1 });

    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "temporary", code: 452 });
    expect(await sendEmail(reminder(), transport)).toMatchObject({ ok: false, kind: "permanent", blame: "sender", code: 554 });
    expect(await mailbox.messages()).toEqual([]);
  });

  it("delivers to the other recipients when one is refused, naming the refused one", async () => {
    mailbox.faults.add({ recipient: "*@bounce.test", code: 550 });

    const result = await sendEmail(reminder({ cc: "gone@bounce.test" }), transport);

    expect(result).toMatchObject({ ok: true, accepted: ["pat@customer.test"], rejected: ["gone@bounce.test"] });
    expect((await onlyMessage()).envelope.rcptTo).toEqual(["pat@customer.test"]);
  });

  it("reports a mailbox that is down as a temporary failure", async () => {
    const stopped = await startMailbox({ smtpPort: 0, httpPort: 0 });
    await stopped.close();
    const unreachable = createEmailTransport(stopped.smtpUrl);

    const result = await sendEmail(reminder(), unreachable);

    expect(result).toMatchObject({ ok: false, kind: "temporary", code: undefined, message: expect.stringContaining("ECONNREFUSED") });
    unreachable.close();
  });

  it("reports a server that never greets as a temporary failure once it times out", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const slow = createEmailTransport(`smtp://127.0.0.1:${port}?greetingTimeout=200`);

    try {
      expect(await sendEmail(reminder(), slow)).toMatchObject({ ok: false, kind: "temporary", code: undefined });
    } finally {
      slow.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("the hand-over", () => {
  // A sender killed between its hand-over record and the final dot leaves an email recorded sent
  // but never delivered: that window must hold nothing but the message's last bytes.
  it("comes right before the final dot, once all the rest of the message has gone to the server", async () => {
    const writes: { bytes: number; afterHandover: boolean }[] = [];
    let handedOver = false;
    const write = net.Socket.prototype.write;
    net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
      const bytes = typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
      writes.push({ bytes, afterHandover: handedOver });
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof write;
    try {
      const html = `<p>${"Please pay INV-0042. ".repeat(2_000)}</p>`;
      const result = await sendEmail(reminder({ html }), transport, { onHandover: async () => (handedOver = true) });
      expect(result).toMatchObject({ ok: true });
    } finally {
      net.Socket.prototype.write = write;
    }
    expect(handedOver).toBe(true);
    const before = writes.filter((each) => !each.afterHandover).reduce((sum, each) => sum + each.bytes, 0);
    const after = writes.filter((each) => each.afterHandover).reduce((sum, each) => sum + each.bytes, 0);
    expect(before).toBeGreaterThan(40_000);
    // The dot, and QUIT or RSET at most.
    expect(after).toBeLessThan(40);
    const [message] = await waitForMessages(mailbox.url, { count: 1 });
    expect(message.html).toContain("Please pay INV-0042.");
  });

  it("waits for the caller's answer before the final dot, and withholds the dot when the answer is no", async () => {
    let answer!: (go: boolean) => void;
    let asked = false;
    const sending = sendEmail(reminder({ messageId: "<withheld@solido.test>" }), transport, {
      onHandover: () => {
        asked = true;
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
    });
    await vi.waitFor(() => expect(asked).toBe(true));
    // The whole message but its dot is at the server, which holds nothing yet.
    expect(await mailbox.messages()).toEqual([]);
    answer(false);

    expect(await sending).toMatchObject({ ok: false, kind: "temporary", blame: "withheld" });
    expect(await mailbox.messages()).toEqual([]);
    // The pool goes on with a fresh connection.
    expect(await sendEmail(reminder({ messageId: "<after-withheld@solido.test>" }), transport)).toMatchObject({ ok: true });
    expect((await mailbox.messages()).map((message) => message.messageId)).toEqual(["<after-withheld@solido.test>"]);
  });

  it("withholds the dot and reports a failed send, without crashing, when the hand-over record fails", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const result = await sendEmail(reminder({ messageId: "<record-failed@solido.test>" }), transport, {
        onHandover: () => Promise.reject(Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" })),
      });
      expect(result).toMatchObject({ ok: false, kind: "temporary", blame: "withheld" });
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(await mailbox.messages()).toEqual([]);
  });
});

describe("sendEmail's defaults", () => {
  it("sends from EMAIL_FROM over SMTP_URL, with one transport however often it's asked", async () => {
    // env() validates once per process, and nothing in this file has read it yet.
    process.env.SMTP_URL = mailbox.smtpUrl;
    process.env.EMAIL_FROM = '"Solido" <reminders@solido.test>';

    const result = await sendEmail({ ...reminder(), from: undefined });

    expect(result).toMatchObject({ ok: true });
    expect((await onlyMessage()).from).toEqual([{ name: "Solido", address: "reminders@solido.test" }]);
    expect(defaultEmailTransport()).toBe(defaultEmailTransport());
    defaultEmailTransport().close();
  });
});

describe("renderEmail", () => {
  it("renders a react-email element to an HTML document and its plain text", async () => {
    const email = createElement(Html, { lang: "en" }, createElement(Text, null, "Invoice INV-0042 is due"));

    const { html, text } = await renderEmail(email);

    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toMatch(/<html[^>]* lang="en"/);
    expect(html).toContain("Invoice INV-0042 is due</p>");
    expect(text).toBe("Invoice INV-0042 is due");
  });
});
