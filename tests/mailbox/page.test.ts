import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMailbox, type Mailbox } from "../../mailbox/server";
import { sendTestMail } from "./send";

const script = "<script>alert(1)</script>";

describe("the mailbox's web page", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.close());
  beforeEach(() => mailbox.clear());

  async function page(path: string) {
    const response = await fetch(`${mailbox.url}${path}`);
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  async function receive(message: Parameters<typeof sendTestMail>[1]) {
    await sendTestMail(mailbox.smtpUrl, message);
    return (await mailbox.messages())[0];
  }

  it("lists messages with their subject and recipient, escaping what the sender wrote", async () => {
    const message = await receive({ subject: script, from: `"${script}" <evil@sender.test>`, to: "pat@customer.test" });

    const { html, headers } = await page("/");

    expect(html).not.toContain(script);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(`href="/messages/${message.id}"`);
    expect(html).toContain("pat@customer.test");
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("shows a message's HTML only inside a sandboxed iframe", async () => {
    const body = `<h1 class="x">Pay now</h1>${script}<a href="https://x.test/?a=1&b=2">link</a>`;
    const message = await receive({ subject: script, html: body });

    const { html } = await page(`/messages/${message.id}`);

    expect(html).not.toContain(script);
    expect(html).not.toContain("<h1 class=");
    const iframes = [...html.matchAll(/<iframe[^>]*>/g)].map((match) => match[0]);
    expect(iframes).toHaveLength(1);
    expect(iframes[0]).toMatch(/^<iframe sandbox srcdoc="[^"]*" title="[^"]*">$/);
    const srcdoc = /srcdoc="([^"]*)"/.exec(iframes[0])![1];
    expect(decodeAttribute(srcdoc)).toBe(body);
  });

  it("shows the plain text, the headers and the source on their own tabs, escaped", async () => {
    const message = await receive({ subject: "Tabs", text: `Plain ${script}`, headers: { "X-Note": script } });
    const base = `/messages/${message.id}`;

    const text = (await page(`${base}?view=text`)).html;
    expect(text).toContain("<pre>Plain &lt;script&gt;alert(1)&lt;/script&gt;</pre>");
    expect(text).toMatch(/<a href="[^"]*\?view=text" aria-current="page">Plain text<\/a>/);

    const headers = (await page(`${base}?view=headers`)).html;
    expect(headers).toContain('<th scope="row">X-Note</th><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');

    const source = (await page(`${base}?view=source`)).html;
    expect(source).toContain("Subject: Tabs");
    expect(source).not.toContain(script);
  });

  it("says so when a message has no HTML part", async () => {
    const message = await receive({ html: undefined, text: "Only text" });

    expect((await page(`/messages/${message.id}`)).html).toContain("This message has no HTML part.");
  });

  it("answers 404 for a message it doesn't have", async () => {
    expect((await page("/messages/nope")).status).toBe(404);
  });

  it("deletes every message from the page's button and returns to the list", async () => {
    await receive({});

    const response = await fetch(`${mailbox.url}/clear`, { method: "POST", redirect: "manual" });

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(await mailbox.messages()).toEqual([]);
  });
});

function decodeAttribute(value: string) {
  return value
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}
