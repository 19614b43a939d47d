import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { createUser, createWorkspace } from "./support/session";
import { expect, pageHeading, test } from "./support/test";

const SECTIONS = [
  { link: "Invoices", heading: "Invoices", empty: "No invoices yet", path: "/invoices" },
  { link: "Contacts", heading: "Contacts", empty: "No contacts yet", path: "/contacts" },
  { link: "Reminders", heading: "Reminders", empty: "No reminders sent yet", path: "/reminders" },
  { link: "Settings", heading: "Settings", empty: "Not connected", path: "/settings/integrations" },
  { link: "Dashboard", heading: "Dashboard", empty: "Connect Xero to get started", path: "" },
];

test("a signed-in member navigates every sidebar section and each page shows its heading and empty state", async ({ page, member }) => {
  const home = `/w/${member.workspace.slug}`;
  await page.goto(home);
  await expect(pageHeading(page)).toHaveText("Dashboard");
  const sidebar = page.getByRole("navigation", { name: "Workspace" });

  for (const section of SECTIONS) {
    await sidebar.getByRole("link", { name: section.link }).click();
    await expect(page).toHaveURL(home + section.path);
    await expect(pageHeading(page)).toHaveText(section.heading);
    await expect(page.getByText(section.empty)).toBeVisible();
    await expect(sidebar.getByRole("link", { name: section.link })).toHaveAttribute("aria-current", "page");
    await expect(page).toHaveTitle(new RegExp(`${section.heading} · Solido`));
    await expectNoSeriousAccessibilityViolations(page, `the ${section.link} page`);
  }
});

test("the dashboard sends a workspace without Xero to Settings → Integrations to connect", async ({ page, member }) => {
  await page.goto(`/w/${member.workspace.slug}`);
  await page.getByRole("link", { name: "Go to Settings → Integrations" }).click();

  await expect(page).toHaveURL(`/w/${member.workspace.slug}/settings/integrations`);
  await expect(page.getByRole("link", { name: "Integrations" })).toHaveAttribute("aria-current", "page");
  const connect = page.getByRole("button", { name: "Connect Xero" });
  await expect(connect).toBeVisible();
  // The button posts to the connect route (wired up with the Xero sign-in flow).
  await expect(page.locator("form", { has: connect })).toHaveAttribute("action", `/w/${member.workspace.slug}/settings/integrations/connect`);
  await expect(page.locator("form", { has: connect })).toHaveAttribute("method", "post");
});

test("settings opens on its first section and every section has its page", async ({ page, member }) => {
  await page.goto(`/w/${member.workspace.slug}/settings`);
  await expect(page).toHaveURL(`/w/${member.workspace.slug}/settings/integrations`);
  const settingsNav = page.getByRole("navigation", { name: "Settings" });

  await settingsNav.getByRole("link", { name: "Reminders" }).click();
  await expect(page.getByText("Preview only")).toBeVisible();
  await expect(page.getByRole("heading", { name: "When reminders go out" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "Settings → Reminders");

  await settingsNav.getByRole("link", { name: "Team" }).click();
  await expect(page.getByText(member.user.email)).toBeVisible();
  await expect(page.getByText("Owner")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "Settings → Team");

  await settingsNav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText("Nothing recorded yet")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "Settings → Audit log");
});

test("the workspace switcher lists the member's workspaces and opens another", async ({ page, member, database }) => {
  const second = await createWorkspace(database, member.user, "Northside Bakery");
  await page.goto(`/w/${member.workspace.slug}`);

  await page.getByRole("button", { name: /Switch workspace/ }).click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: member.workspace.name })).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "New workspace" })).toHaveAttribute("href", "/workspaces/new");
  await expectNoSeriousAccessibilityViolations(page, "the dashboard with the workspace switcher open");
  await menu.getByRole("menuitem", { name: second.name }).click();

  await expect(page).toHaveURL(`/w/${second.slug}`);
  await expect(page.getByRole("button", { name: `Workspace: ${second.name}. Switch workspace` })).toBeVisible();
});

test("the sidebar shows who is signed in and a sign-out button that posts to /logout", async ({ page, member }) => {
  await page.goto(`/w/${member.workspace.slug}`);
  const sidebar = page.getByRole("complementary", { name: "Sidebar" });
  await expect(sidebar.getByText(`${member.user.givenName} ${member.user.familyName}`)).toBeVisible();
  await expect(sidebar.getByRole("button", { name: "Sign out" })).toBeVisible();
  const signOutForm = sidebar.locator("form", { has: page.getByRole("button", { name: "Sign out" }) });
  await expect(signOutForm).toHaveAttribute("action", "/logout");
  await expect(signOutForm).toHaveAttribute("method", "post");
});

test("a flashed message shows once, then is gone", async ({ page, context, database, baseURL }) => {
  const user = await createUser(database);
  const workspace = await createWorkspace(database, user);
  const { signIn } = await import("./support/session");
  await signIn(context, baseURL!, user.id, { workspaceId: workspace.id, toast: { kind: "success", message: "Xero is connected" } });

  await page.goto(`/w/${workspace.slug}`);
  await expect(page.getByRole("status").getByText("Xero is connected")).toBeVisible();

  await page.reload();
  await expect(pageHeading(page)).toHaveText("Dashboard");
  await expect(page.getByText("Xero is connected")).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the menu button opens the drawer, which navigates and closes", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}`);
    await expect(page.getByRole("complementary", { name: "Sidebar" })).toBeHidden();

    await page.getByRole("button", { name: "Open menu" }).click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await expectNoSeriousAccessibilityViolations(page, "the phone drawer");
    await drawer.getByRole("link", { name: "Contacts" }).click();

    await expect(page).toHaveURL(`/w/${member.workspace.slug}/contacts`);
    await expect(pageHeading(page)).toHaveText("Contacts");
    await expect(drawer).toBeHidden();

    await page.getByRole("button", { name: "Open menu" }).click();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Menu" })).toBeHidden();
  });
});

test.describe("not found", () => {
  test.use({ expectedConsoleErrors: [/status of 404/] });

  test("a non-member opening another workspace's URL gets the 404 page", async ({ page, member, database }) => {
    const stranger = await createUser(database, { givenName: "Sam" });
    const theirs = await createWorkspace(database, stranger, "Someone Else Ltd");

    for (const path of ["", "/invoices", "/settings/integrations"]) {
      const response = await page.goto(`/w/${theirs.slug}${path}`);
      expect(response!.status()).toBe(404);
      await expect(pageHeading(page)).toHaveText("We couldn't find that");
      await expect(page.getByText(theirs.name)).toHaveCount(0);
    }
    // …and their own workspace is still theirs.
    await page.goto(`/w/${member.workspace.slug}`);
    await expect(pageHeading(page)).toHaveText("Dashboard");
  });
});
