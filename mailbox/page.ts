// The mailbox's web page: a list of received messages and a view of one. Plain
// server-rendered HTML with no scripts or external assets. Everything from a
// message is escaped; its HTML body is only ever shown inside a sandboxed
// iframe's srcdoc, never in this page.
import type { MailboxAddress } from "./message";
import type { ReceivedMessage } from "./parse";

export const messageViews = ["html", "text", "headers", "source"] as const;
export type MessageView = (typeof messageViews)[number];

const viewLabels: Record<MessageView, string> = { html: "HTML", text: "Plain text", headers: "Headers", source: "Source" };

/**
 * The page's own CSP. A srcdoc iframe inherits it, so it also keeps scripts in
 * a message from running while still letting its inline styles and images show.
 */
export const pageContentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src * data: blob:; font-src * data:; form-action 'self'; base-uri 'none'";

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function renderMessageList(messages: ReceivedMessage[], smtpAddress: string): string {
  const rows = messages
    .map(
      (message) => `<tr>
        <td>${time(message.receivedAt)}</td>
        <td>${escapeHtml(addressList(message.from))}</td>
        <td>${escapeHtml(message.envelope.rcptTo.join(", "))}</td>
        <td><a href="/messages/${encodeURIComponent(message.id)}">${escapeHtml(subjectOf(message))}</a></td>
      </tr>`,
    )
    .join("\n");
  const body = messages.length
    ? `<table>
        <caption>${messages.length} ${messages.length === 1 ? "message" : "messages"}, newest first</caption>
        <thead><tr><th scope="col">Received</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>`
    : `<p>No messages yet. Anything sent over SMTP to <code>${escapeHtml(smtpAddress)}</code> shows up here.</p>`;
  return layout(
    "Mailbox",
    `<header>
      <h1>Mailbox</h1>
      <p>Every email Solido sends in development lands here, at SMTP <code>${escapeHtml(smtpAddress)}</code>.</p>
      <div class="actions">
        <a href="/">Refresh</a>
        <form method="post" action="/clear"><button type="submit">Delete all messages</button></form>
      </div>
    </header>
    <main>${body}</main>`,
  );
}

export function renderMessage(message: ReceivedMessage, view: MessageView): string {
  const details: [string, string][] = [
    ["From", addressList(message.from)],
    ["To", addressList(message.to)],
    ["Cc", addressList(message.cc)],
    ["Reply-To", addressList(message.replyTo)],
    ["Date", message.date ?? ""],
    ["Message-ID", message.messageId ?? ""],
    ["Envelope from", message.envelope.mailFrom ?? "<>"],
    ["Envelope to", message.envelope.rcptTo.join(", ")],
  ];
  const base = `/messages/${encodeURIComponent(message.id)}`;
  const tabs = messageViews
    .map((each) => {
      const current = each === view ? ` aria-current="page"` : "";
      return `<li><a href="${base}?view=${each}"${current}>${viewLabels[each]}</a></li>`;
    })
    .join("");
  return layout(
    subjectOf(message),
    `<header>
      <p><a href="/">All messages</a></p>
      <h1>${escapeHtml(subjectOf(message))}</h1>
      <dl>${details
        .filter(([, value]) => value)
        .map(([term, value]) => `<div><dt>${term}</dt><dd>${escapeHtml(value)}</dd></div>`)
        .join("")}</dl>
    </header>
    <main>
      ${
        message.attachments.length
          ? `<section aria-label="Attachments"><h2>Attachments</h2><ul>${message.attachments
              .map(
                (attachment, index) =>
                  `<li><a href="/api/messages/${encodeURIComponent(message.id)}/attachments/${index}">${escapeHtml(attachment.filename ?? `Attachment ${index + 1}`)}</a> (${escapeHtml(attachment.contentType)}, ${Math.ceil(attachment.size / 1024)} KB)</li>`,
              )
              .join("")}</ul></section>`
          : ""
      }
      <nav aria-label="Views of this message"><ul class="tabs">${tabs}</ul></nav>
      <section aria-label="${viewLabels[view]}">${renderView(message, view)}</section>
    </main>`,
  );
}

function renderView(message: ReceivedMessage, view: MessageView): string {
  switch (view) {
    case "html":
      return message.html === null
        ? "<p>This message has no HTML part.</p>"
        : // An empty sandbox attribute: no scripts, no forms, no same-origin access, no popups.
          `<iframe sandbox srcdoc="${escapeHtml(message.html)}" title="HTML body of the message"></iframe>`;
    case "text":
      return message.text === null ? "<p>This message has no plain-text part.</p>" : `<pre>${escapeHtml(message.text)}</pre>`;
    case "headers":
      return `<table class="headers"><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>${message.headers
        .map((header) => `<tr><th scope="row">${escapeHtml(header.name)}</th><td>${escapeHtml(header.value)}</td></tr>`)
        .join("")}</tbody></table>`;
    case "source":
      return `<p><a href="/api/messages/${encodeURIComponent(message.id)}/raw">Download the raw source</a></p>
        <pre>${escapeHtml(message.raw.toString("utf8"))}</pre>`;
  }
}

function subjectOf(message: ReceivedMessage) {
  return message.subject?.trim() ? message.subject : "(no subject)";
}

function addressList(addresses: MailboxAddress[]) {
  return addresses.map(({ name, address }) => (name ? `${name} <${address}>` : address)).join(", ");
}

function time(iso: string) {
  const shown = iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

function layout(title: string, body: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Solido mailbox</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fafafa; margin: 0 auto; padding: 1rem 1.5rem; max-width: 72rem; }
  a { color: #0b57d0; }
  a:focus-visible, button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  h1 { font-size: 1.5rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
  code, pre { font: 0.875rem/1.5 ui-monospace, monospace; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #ccc; padding: 1rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  caption { text-align: left; padding: 0.5rem 0; color: #444; }
  th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
  .actions { display: flex; gap: 1rem; align-items: center; }
  .actions form { margin: 0; }
  button { font: inherit; padding: 0.25rem 0.75rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0 0 1rem; }
  dl div { display: contents; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .tabs { list-style: none; display: flex; gap: 0.25rem; padding: 0; margin: 0 0 0.5rem; border-bottom: 1px solid #ccc; }
  .tabs a { display: block; padding: 0.4rem 0.8rem; text-decoration: none; border: 1px solid transparent; border-bottom: none; }
  .tabs a[aria-current="page"] { border-color: #ccc; background: #fff; color: #1a1a1a; font-weight: 600; margin-bottom: -1px; }
  iframe { width: 100%; height: 75vh; border: 1px solid #ccc; background: #fff; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}
