// A workspace always keeps an owner, even when two owners act at once: the
// database itself refuses the second of two transactions that would leave
// none (migration 0022), and the team's actions turn that into the usual
// "a workspace needs an owner" refusal.
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { memberships } from "~db/schema";
import { db } from "~/server/db.server";
import { removeMember } from "~/models/team.server";
import { addMember, createWorkspace } from "../support/dashboard-fixtures";

const owners = async (workspaceId: string) =>
  db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));

describe("two owners removing each other at once", () => {
  it("leaves the workspace one owner: the second transaction to commit is refused by the database", async () => {
    const { workspace, owner: first } = await createWorkspace();
    const second = await addMember(workspace.id, "owner", "Second");
    // Two connections, interleaved as two web processes would be: each deletes the other while both still see two owners.
    const one = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const two = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const [a, b] = await Promise.all([one.reserve(), two.reserve()]);
      await a`begin`;
      await b`begin`;
      await a`delete from memberships where workspace_id = ${workspace.id} and user_id = ${second.user.id}`;
      await b`delete from memberships where workspace_id = ${workspace.id} and user_id = ${first.id}`;
      await a`commit`;
      await expect(b`commit`).rejects.toMatchObject({ constraint_name: "memberships_workspace_keeps_an_owner" });
      a.release();
      b.release();
    } finally {
      await one.end();
      await two.end();
    }
    expect(await owners(workspace.id)).toEqual([{ userId: first.id }]);
  });

  it("through the team's own code: one removal succeeds, the other is refused as the last owner", async () => {
    const { workspace, owner: first } = await createWorkspace();
    const second = await addMember(workspace.id, "owner", "Second");
    const outcomes = await Promise.all([
      removeMember({ workspaceId: workspace.id, actor: { userId: first.id, role: "owner" }, targetUserId: second.user.id }),
      removeMember({ workspaceId: workspace.id, actor: { userId: second.user.id, role: "owner" }, targetUserId: first.id }),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, refusal: "last_owner" }]);
    expect(await owners(workspace.id)).toHaveLength(1);
  });

  it("still lets a workspace be deleted with its owners", async () => {
    const { workspace } = await createWorkspace();
    const { workspaces } = await import("~db/schema");
    await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
    expect(await owners(workspace.id)).toEqual([]);
  });
});
