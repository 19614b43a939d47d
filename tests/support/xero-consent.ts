// Plays the person at Xero's login and consent pages (the sandbox's), over real
// HTTP: follow the app's redirect to Xero, sign in as a demo user, tick
// organisations, press "Allow access" or "Cancel". Returns where Xero sends
// the browser back to.

const unescapeHtml = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function hiddenInput(html: string, name: string) {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!match) throw new Error(`No hidden input "${name}" in:\n${html.slice(0, 500)}`);
  return unescapeHtml(match[1]);
}

function organisationCheckboxes(html: string) {
  return [...html.matchAll(/<input type="checkbox" name="tenantId" value="([^"]+)"[^>]*>\s*([^<]+)<\/label>/g)].map((match) => ({
    tenantId: unescapeHtml(match[1]),
    name: unescapeHtml(match[2].trim()),
  }));
}

export async function consentAtXero(
  authorizeUrl: string,
  options: { email: string; organisations?: string[]; decision?: "allow" | "cancel" },
): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const login = await fetch(authorizeUrl, { redirect: "manual" });
  if (login.status !== 200) throw new Error(`Xero's authorize page answered ${login.status}: ${await login.text()}`);
  const request = hiddenInput(await login.text(), "request");

  const consent = await fetch(`${origin}/connect/authorize/login`, {
    method: "POST",
    body: new URLSearchParams({ request, email: options.email }),
    redirect: "manual",
  });
  if (consent.status === 302) return new URL(consent.headers.get("location")!);
  const consentHtml = await consent.text();
  if (consent.status !== 200) throw new Error(`Xero's login answered ${consent.status}: ${consentHtml.slice(0, 300)}`);

  const form = new URLSearchParams({
    request: hiddenInput(consentHtml, "request"),
    ticket: hiddenInput(consentHtml, "ticket"),
    decision: options.decision ?? "allow",
  });
  const boxes = organisationCheckboxes(consentHtml);
  const wanted = options.organisations ?? boxes.slice(0, 1).map((box) => box.name);
  for (const name of wanted) {
    const box = boxes.find((candidate) => candidate.name === name);
    if (!box) throw new Error(`Xero offered no organisation "${name}" (offered: ${boxes.map((b) => b.name).join(", ")})`);
    form.append("tenantId", box.tenantId);
  }
  const back = await fetch(`${origin}/connect/authorize/consent`, { method: "POST", body: form, redirect: "manual" });
  if (back.status !== 302) throw new Error(`Xero's consent answered ${back.status}: ${(await back.text()).slice(0, 300)}`);
  return new URL(back.headers.get("location")!);
}

/** The cookies a response sets, as a Cookie header for the next request. */
export function cookiesFrom(response: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split("; ")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const),
  );
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split("; ");
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || /^expires=Thu, 01 Jan 1970/i.test(attribute));
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
