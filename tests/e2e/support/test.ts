// The e2e `test`: Playwright's, plus a database handle, a signed-in member of
// a fresh workspace, and a guard that fails a test when the page throws or
// the browser reports an error (a CSP violation, a hydration mismatch).
import { test as base, expect, type Page } from "@playwright/test";
import { createUser, createWorkspace, openTestDatabase, signIn, type Database } from "./session";

type Member = { user: Awaited<ReturnType<typeof createUser>>; workspace: Awaited<ReturnType<typeof createWorkspace>> };

type Fixtures = {
  /** A user who owns a new, empty workspace, with the browser signed in as them. */
  member: Member;
  /** Console errors a test expects (e.g. the 404 of a page that does not exist). */
  expectedConsoleErrors: RegExp[];
  browserErrors: void;
};

export const test = base.extend<Fixtures, { database: Database }>({
  // Read when the test runs: the global setup sets it after this file is loaded.
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set; run the tests with `npx playwright test` so the global setup starts the stack.");
    await use(url);
  },
  database: [
    async ({}, use) => {
      const connection = openTestDatabase();
      await use(connection.db);
      await connection.close();
    },
    { scope: "worker" },
  ],
  member: async ({ database, context, baseURL }, use) => {
    const user = await createUser(database);
    const workspace = await createWorkspace(database, user);
    await signIn(context, baseURL!, user.id, { workspaceId: workspace.id });
    await use({ user, workspace });
  },
  expectedConsoleErrors: [[], { option: true }],
  browserErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        if (expectedConsoleErrors.some((pattern) => pattern.test(text))) return;
        const at = message.location().url;
        if (isSandboxFavicon(at) || isSandboxedEmailPreview(text, at)) return;
        errors.push(at ? `${text} (${at})` : text);
      });
      await use();
      expect(errors, "the browser reported errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Chromium asks every page's origin for /favicon.ico; the Xero sandbox's pages (Xero's, not Solido's) have none. */
function isSandboxFavicon(url: string) {
  const sandbox = process.env.XERO_IDENTITY_URL;
  return Boolean(sandbox) && url === new URL("/favicon.ico", sandbox).toString();
}

/** The page's one top-level heading. */
export const pageHeading = (page: Page) => page.getByRole("heading", { level: 1 });

/**
 * Email previews are iframes sandboxed without scripts; Chromium says so in the console whenever
 * anything (axe, Playwright's own helpers) tries to run there. That is the protection working.
 */
function isSandboxedEmailPreview(text: string, at: string) {
  return at === "about:srcdoc" && text.startsWith("Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed");
}
