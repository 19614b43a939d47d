import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeEntry } from "./entry-words.server";

const words = (action: string, detail: Record<string, unknown> = {}) => describeEntry(action, detail, "en-NZ", "Pacific/Auckland").words;

/** Every audit action the app writes: `action: "…"` in a values/recordAudit call, and the reminder settings' action argument. */
function actionsWritten(dir = "app"): string[] {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const action of actionsWritten(path)) found.add(action);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.includes(".test.")) {
      const source = readFileSync(path, "utf8");
      for (const match of source.matchAll(/action: "([a-z]+\.[a-z_]+)"/g)) found.add(match[1]!);
      for (const match of source.matchAll(/updateWorkspaceReminderSettings\([^;]*?"([a-z]+\.[a-z_]+)"\)/g)) found.add(match[1]!);
    }
  }
  return [...found].sort();
}

describe("the audit log's words", () => {
  it("has words of its own for every action the app writes, not the fallback spelled from its code", () => {
    const actions = actionsWritten();
    expect(actions).toContain("reminders.schedule_added");
    expect(actions).toContain("reminders.window_changed");
    const fallback = (action: string) => {
      const spelled = action.replace(/[._]/g, " ");
      return spelled.charAt(0).toUpperCase() + spelled.slice(1);
    };
    expect(actions.filter((action) => words(action, { name: "Key accounts", repeat: null }) === fallback(action))).toEqual([]);
  });

  it("names the schedule, the group and what changed", () => {
    expect(words("reminders.schedule_added", { name: "Key accounts" })).toBe("Added a reminder schedule for Xero's “Key accounts” group");
    expect(words("reminders.schedule_removed", { name: "Retail", retired: true })).toContain("stay in each invoice's history");
    expect(words("reminders.schedule_moved", { name: "Retail", direction: "up" })).toContain("up: it now applies before");
    expect(words("reminders.repeat_changed", { name: "Everyone else", repeat: { everyDays: 7, limit: 3 } })).toBe(
      "Set “Everyone else” to repeat every 7 days after its last step until paid, at most 3 times",
    );
    expect(words("reminders.repeat_changed", { repeat: null })).toBe("Turned off repeats after the last step of the schedule");
    expect(words("reminders.cut_off_changed", { chaseWithinDays: 90 })).toBe("Chose to chase only invoices due within the last 90 days");
    expect(words("reminders.cut_off_changed", { chaseWithinDays: null })).toBe("Chose to chase every unpaid invoice, however old");
    expect(words("statements.monthly_changed", { monthlyStatementDay: 31 })).toBe("Set monthly statements to go on the last day of each month");
    expect(words("statements.monthly_changed", { monthlyStatementDay: null })).toBe("Turned off monthly statements");
  });

  it("still shows an action it does not know, spelled from its code", () => {
    expect(words("reminders.something_new")).toBe("Reminders something new");
  });
});
