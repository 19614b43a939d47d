import { expect, pageHeading, test } from "./support/test";

test("the landing page explains Solido and offers Sign up with Xero", async ({ page }) => {
  await page.goto("/");

  await expect(page).toHaveTitle(/Solido/);
  await expect(pageHeading(page)).toHaveText("Get paid on time.");
  await expect(page.getByText("Solido sends your customers polite, branded reminders for unpaid Xero invoices — and stops the moment they pay.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(3);
  await expect(page.getByText("Setup takes about ten minutes — your first reminders can go out today.")).toBeVisible();

  const signUp = page.getByRole("link", { name: "Sign up with Xero" });
  await expect(signUp).toBeVisible();
  await expect(signUp).toHaveAttribute("href", "/signup");
  await expect(page.getByRole("link", { name: "Sign in with Xero" })).toHaveAttribute("href", "/login");
});

test("every page is sent with security headers and a CSP that still lets the app hydrate", async ({ page }) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");

  // A client-side navigation works only once React has hydrated, which only
  // happens if the CSP let Remix's nonce'd inline scripts run. (Any CSP
  // violation would also fail the test through the browser-error guard.)
  await page.waitForFunction(() => "__remixContext" in window && document.querySelectorAll("script[nonce]").length > 0);
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.resourceType()));
  await page.getByRole("link", { name: "Solido", exact: true }).click();
  await expect(pageHeading(page)).toHaveText("Get paid on time.");
  expect(requests).not.toContain("document");
});

test("a signed-in visitor is offered their workspace instead of sign-up", async ({ page, member }) => {
  await page.goto("/");

  await expect(page.getByRole("link", { name: "Sign up with Xero" })).toHaveCount(0);
  await page.getByRole("link", { name: "Open your workspace" }).click();

  await expect(page).toHaveURL(`/w/${member.workspace.slug}`);
  await expect(pageHeading(page)).toHaveText("Dashboard");
});
