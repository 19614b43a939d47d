// Solido's real first sync against an organisation the sandbox treats as above
// Xero's high-volume threshold (500,000 invoices; lowered here so the demo
// organisation counts), where Xero refuses `where` on UpdatedDateUTC with 400
// HighVolumeException (ErrorNumber 51; sources in sandbox/high-volume.ts).
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invoices, syncRuns } from "~db/schema";
import { connectedWorkspace, runJobs, startSandboxForApp } from "../support/sandbox-app";

const sandbox = await startSandboxForApp({ invoiceHighVolumeThreshold: 10 });
afterAll(() => sandbox.close());
const { db } = await import("~/server/db.server");

describe("the first sync of a high-volume organisation", () => {
  it("falls back to an optimised query when Xero refuses the first one, holds every unpaid invoice and succeeds", async () => {
    const harbour = await connectedWorkspace(sandbox, "demo@solido.test", "Harbour Coffee Roasters");
    const book = sandbox.store.book(harbour.tenantId)!;
    expect(book.invoices.size).toBeGreaterThan(10);
    await runJobs();

    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, harbour.workspaceId));
    expect(run).toMatchObject({ kind: "first", status: "succeeded", errorCode: null });
    const held = await db.select({ xeroId: invoices.xeroInvoiceId }).from(invoices).where(eq(invoices.workspaceId, harbour.workspaceId));
    const unpaid = [...book.invoices.values()].filter((invoice) => invoice.type === "ACCREC" && invoice.status === "AUTHORISED");
    expect(unpaid.length).toBeGreaterThan(0);
    expect(held.map((row) => row.xeroId)).toEqual(expect.arrayContaining(unpaid.map((invoice) => invoice.id)));

    const invoiceWheres = sandbox.callLog.list({ tenantId: harbour.tenantId, pathPrefix: "/api.xro/2.0/Invoices" }).map((call) => new URLSearchParams(call.query).get("where"));
    // One refused call with UpdatedDateUTC, then only the optimised query.
    expect(invoiceWheres.filter((where) => where?.includes("UpdatedDateUTC"))).toHaveLength(1);
  });
});
