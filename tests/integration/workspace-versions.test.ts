// The per-workspace change counters move once for every transaction that
// changes a workspace's rows, however many rows it writes — and only for a
// change that commits (the `workspace_version_bump` trigger function, db/migrations/0011).
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { invoiceVersions, invoices } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { upsertInvoices } from "~/models/invoices.server";
import { createWorkspace } from "../support/dashboard-fixtures";
import { invoiceRecord } from "../support/invoice-records";

const versionOf = async (workspaceId: string) =>
  (await db.select({ version: invoiceVersions.version }).from(invoiceVersions).where(eq(invoiceVersions.workspaceId, workspaceId)))[0]?.version ?? 0;

describe("a workspace's invoice counter", () => {
  it("moves once per committed transaction, however many rows it writes, for each workspace it touched", async () => {
    const { workspace: one } = await createWorkspace();
    const { workspace: two } = await createWorkspace();
    await sql.begin(async (tx) => {
      await upsertInvoices(tx, one.id, Array.from({ length: 500 }, () => invoiceRecord()));
      await upsertInvoices(tx, two.id, [invoiceRecord()]);
      await upsertInvoices(tx, one.id, [invoiceRecord()]);
    });
    expect([await versionOf(one.id), await versionOf(two.id)]).toEqual([1, 1]);
    await sql.begin((tx) => upsertInvoices(tx, one.id, [invoiceRecord()]));
    expect([await versionOf(one.id), await versionOf(two.id)]).toEqual([2, 1]);
  });

  it("does not move for a transaction that rolls back, and moves for one that changes rows only after a rolled-back savepoint", async () => {
    const { workspace } = await createWorkspace();
    await expect(
      sql.begin(async (tx) => {
        await upsertInvoices(tx, workspace.id, [invoiceRecord()]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await versionOf(workspace.id)).toBe(0);

    await sql.begin(async (tx) => {
      await tx`savepoint first_try`;
      await upsertInvoices(tx, workspace.id, [invoiceRecord()]);
      await tx`rollback to savepoint first_try`;
      await upsertInvoices(tx, workspace.id, [invoiceRecord()]);
    });
    expect(await versionOf(workspace.id)).toBe(1);
    expect(await db.select().from(invoices).where(eq(invoices.workspaceId, workspace.id))).toHaveLength(1);
  });

  it("moves when invoices are updated or deleted", async () => {
    const { workspace } = await createWorkspace();
    await sql.begin((tx) => upsertInvoices(tx, workspace.id, [invoiceRecord(), invoiceRecord()]));
    expect(await versionOf(workspace.id)).toBe(1);
    await db.update(invoices).set({ remindersPausedReason: "asked" }).where(eq(invoices.workspaceId, workspace.id));
    expect(await versionOf(workspace.id)).toBe(2);
    await db.delete(invoices).where(eq(invoices.workspaceId, workspace.id));
    expect(await versionOf(workspace.id)).toBe(3);
  });
});
