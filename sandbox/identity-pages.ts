// The two pages a user sees at Xero during sign-in: a login page (pick a demo user or type an
// email) and a consent page listing their organisations. Plain, accessible HTML whose labels
// the app's browser tests click by name ("Allow access", "Cancel", organisation names).
import type { DemoUser, Organisation } from "./model";
import { asksForOrganisationData } from "./scopes";

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Xero sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1e3145}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;cursor:pointer}
fieldset{border:1px solid #ccd;border-radius:.5rem;margin:1rem 0}label{display:block;margin:.4rem 0}
.note{color:#556;font-size:.9rem}.error{color:#a00}</style></head>
<body><main><p class="note">Xero sandbox — not the real Xero.</p>${body}</main></body></html>`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

export function loginPage(authorizeQuery: string, users: DemoUser[], error?: string): string {
  const demoButtons = users
    .map((user) => `<li><button type="submit" name="email" value="${escapeHtml(user.email)}">Sign in as ${escapeHtml(user.givenName)} ${escapeHtml(user.familyName)} (${escapeHtml(user.email)})</button></li>`)
    .join("");
  return page(
    "Log in",
    `<h1>Log in to Xero</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/connect/authorize/login">
${hidden("request", authorizeQuery)}
<h2>Demo users</h2><ul>${demoButtons}</ul>
</form>
<form method="post" action="/connect/authorize/login">
${hidden("request", authorizeQuery)}
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<button type="submit">Log in</button>
</form>`,
  );
}

export function consentPage(authorizeQuery: string, ticket: string, user: DemoUser, appName: string, scopes: string[], organisations: Organisation[]): string {
  const boxes = organisations
    .map(
      (organisation, index) =>
        `<label><input type="checkbox" name="tenantId" value="${escapeHtml(organisation.id)}"${index === 0 ? " checked" : ""}> ${escapeHtml(organisation.name)}</label>`,
    )
    .join("\n");
  return page(
    "Allow access",
    `<h1>${escapeHtml(appName)} wants to access your Xero data</h1>
<p>Signed in as ${escapeHtml(user.email)}</p>
<form method="post" action="/connect/authorize/consent">
${hidden("request", authorizeQuery)}${hidden("ticket", ticket)}
${
  asksForOrganisationData(scopes)
    ? `<fieldset><legend>Organisations</legend>\n${organisations.length ? boxes : "<p>You have no organisations.</p>"}\n</fieldset>`
    : "<p>Only your name and email address are shared: no organisation data.</p>"
}
<p class="note">Permissions requested: ${scopes.map(escapeHtml).join(", ")}</p>
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page("Error", `<h1>Sorry, something went wrong</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}
