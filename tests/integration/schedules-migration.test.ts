// Migration 0033 on a database as it was before schedules: each workspace's
// steps (removed ones kept as the record included) and repeat settings move
// into its default schedule, reminders keep their steps, and a workspace whose
// schedule was never written gets its default, with the default steps, from
// the planner as before.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropDatabase } from "../support/database";
import { ensureDatabaseExists, withDatabaseName } from "~db/database-url";

const MIGRATIONS = path.resolve("db/migrations");
const serverUrl = inject("postgresServerUrl");
const name = `solido_migration_${crypto.randomBytes(4).toString("hex")}`;
await ensureDatabaseExists(serverUrl, name);
const sql = postgres(withDatabaseName(serverUrl, name), { max: 1, onnotice: () => {} });
afterAll(async () => {
  await sql.end();
  await dropDatabase(serverUrl, name);
});

/** The migrations folder as it was up to `lastIndex`: the same files, the journal cut there. */
function migrationsUpTo(lastIndex: number) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "solido-migrations-"));
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx <= lastIndex);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe("migration 0033 (schedules per contact group)", () => {
  it("moves each workspace's steps and repeats into its default schedule, keeping its reminders", async () => {
    await migrate(drizzle(sql), { migrationsFolder: migrationsUpTo(32) });
    const [written] = await sql`
      insert into workspaces (slug, name, reminder_schedule_created_at, reminder_repeat_every_days, reminder_repeat_limit)
      values ('written', 'Written', now(), 7, 5) returning id`;
    const [never] = await sql`insert into workspaces (slug, name) values ('never', 'Never') returning id`;
    const steps = await sql`
      insert into reminder_steps (workspace_id, offset_days, subject, body, enabled)
      values (${written.id}, 7, 'Seven', 'Pay.', true), (${written.id}, -100014, 'Removed', 'Pay.', false) returning id, offset_days`;
    const [contact] = await sql`insert into contacts (workspace_id, xero_contact_id, name) values (${written.id}, 'c-1', 'Aroha') returning id`;
    const [invoice] = await sql`
      insert into invoices (workspace_id, xero_invoice_id, contact_id, status, currency_code, total, amount_due, due_date, xero_updated_at)
      values (${written.id}, 'i-1', ${contact.id}, 'AUTHORISED', 'NZD', 10, 10, current_date - 20, now()) returning id`;
    await sql`insert into reminders (workspace_id, invoice_id, step_id, status) values (${written.id}, ${invoice.id}, ${steps[1].id}, 'sent')`;

    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS });

    expect(await sql`select workspace_id, name, xero_contact_group_id, precedence, repeat_every_days, repeat_limit, retired_at from reminder_schedules`).toEqual([
      { workspace_id: written.id, name: "Everyone else", xero_contact_group_id: null, precedence: 0, repeat_every_days: 7, repeat_limit: 5, retired_at: null },
    ]);
    const moved = await sql`select s.offset_days, s.schedule_id = d.id as in_default from reminder_steps s join reminder_schedules d on d.workspace_id = s.workspace_id order by s.offset_days`;
    expect(moved).toEqual([
      { offset_days: -100014, in_default: true },
      { offset_days: 7, in_default: true },
    ]);
    expect(await sql`select step_id from reminders`).toEqual([{ step_id: steps[1].id }]);
    expect(
      await sql`select column_name from information_schema.columns where table_name = 'workspaces'
        and column_name in ('reminder_repeat_every_days', 'reminder_repeat_limit', 'reminder_schedule_created_at')`,
    ).toEqual([]);

    // The workspace that never had its schedule written gets it, with the default steps, from the planner; once.
    const { ensureDefaultSchedules } = await import("~/reminders/planner.server");
    await ensureDefaultSchedules(sql, never.id);
    await ensureDefaultSchedules(sql, never.id);
    expect(await sql`select s.offset_days from reminder_steps s join reminder_schedules d on d.id = s.schedule_id where d.workspace_id = ${never.id} order by 1`).toEqual(
      [-3, 0, 7, 14, 30].map((offset_days) => ({ offset_days })),
    );
  });
});
