// Every route under /w/:workspaceSlug must check membership before it reads
// anything. Table-driven over the route files, so a new workspace route that
// forgets requireWorkspace fails here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, users, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { signInCookie } from "~/http/session.server";

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
};

const ROUTES_DIR = path.resolve("app/routes");
const routeFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((file) => file.startsWith("w.$workspaceSlug") && /\.tsx?$/.test(file) && !file.includes(".test."))
  .sort();

/** The URL a route file serves, e.g. "w.$workspaceSlug.settings._index.tsx" → "/w/<slug>/settings". */
function urlFor(file: string, slug: string) {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => (segment === "$workspaceSlug" ? slug : segment.startsWith("$") ? "x" : segment));
  return `http://localhost/${segments.join("/")}`;
}

async function outcome(call: () => Promise<unknown>) {
  try {
    const result = await call();
    return result instanceof Response ? result : { returned: result };
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const unique = () => crypto.randomBytes(4).toString("hex");

async function createUser() {
  const id = unique();
  const [user] = await db.insert(users).values({ xeroUserId: `route-test-${id}`, email: `${id}@solido.test` }).returning();
  return user;
}

async function cookieFor(userId: string) {
  return (await signInCookie(new Request("http://localhost/"), userId)).split(";")[0];
}

let theirSlug: string;
let memberCookie: string;
let strangerCookie: string;

beforeAll(async () => {
  const owner = await createUser();
  const stranger = await createUser();
  const [workspace] = await db.insert(workspaces).values({ slug: `theirs-${unique()}`, name: "Their Business" }).returning();
  await db.insert(memberships).values({ workspaceId: workspace.id, userId: owner.id, role: "owner" });
  theirSlug = workspace.slug;
  memberCookie = await cookieFor(owner.id);
  strangerCookie = await cookieFor(stranger.id);
});

it("finds the workspace route files", () => {
  expect(routeFiles).toContain("w.$workspaceSlug.tsx");
  expect(routeFiles.length).toBeGreaterThanOrEqual(5);
});

describe.each(routeFiles)("%s", (file) => {
  const load = () => import(/* @vite-ignore */ path.join(ROUTES_DIR, file)) as Promise<RouteModule>;
  const args = (cookie: string | null, method = "GET") => {
    const headers = new Headers(cookie ? { Cookie: cookie } : {});
    const init: RequestInit = { method, headers };
    if (method === "POST") init.body = new URLSearchParams();
    return { request: new Request(urlFor(file, theirSlug), init), params: { workspaceSlug: theirSlug }, context: {} };
  };

  it("guards its data with a loader or an action", async () => {
    const route = await load();
    expect(route.loader ?? route.action, "a workspace route needs a loader (or action) that calls requireWorkspace").toBeTypeOf("function");
  });

  it("answers 404 to a signed-in user who is not a member", async () => {
    const route = await load();
    for (const [method, handler] of [["GET", route.loader], ["POST", route.action]] as const) {
      if (!handler) continue;
      const result = await outcome(() => handler(args(strangerCookie, method)));
      expect(result instanceof Response ? result.status : result, `${method} ${file}`).toBe(404);
    }
  });

  it("sends a signed-out visitor to sign in", async () => {
    const route = await load();
    for (const [method, handler] of [["GET", route.loader], ["POST", route.action]] as const) {
      if (!handler) continue;
      const result = await outcome(() => handler(args(null, method)));
      expect(result instanceof Response ? result.status : result, `${method} ${file}`).toBe(302);
      expect((result as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  // A page about one record (…/invoices/$invoiceId) is asked about a record that does not exist.
  const namesARecord = file.split(".").some((segment) => segment.startsWith("$") && segment !== "$workspaceSlug");

  it(namesARecord ? "answers 404 to a member for a record that does not exist" : "lets a member's page load", async () => {
    const route = await load();
    if (!route.loader) return;
    const result = await outcome(() => route.loader!(args(memberCookie)));
    if (namesARecord) {
      expect(result instanceof Response ? result.status : result).toBe(404);
    } else if (result instanceof Response) {
      // Only redirects within the same workspace (e.g. settings → its first section).
      expect(result.status).toBe(302);
      expect(result.headers.get("Location")).toMatch(new RegExp(`^/w/${theirSlug}/`));
    } else {
      expect(result.returned).toBeTruthy();
    }
  });
});
