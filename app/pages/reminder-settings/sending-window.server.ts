// Settings → Reminders, "When reminders go out" and "Minimum amount due":
// the hours and weekdays reminders may go out, and per-currency minimums.
import { z } from "zod";
import { compareMoney } from "~/reminders/compose";
import { listMinimumAmounts, saveMinimumAmounts, updateWorkspaceReminderSettings } from "~/reminders/settings.server";
import { done, invalid, type ActionHandler, type Workspace } from "./section.server";

/** ISO 4217 codes as this server's ICU knows them; computed here, not in the browser, so the list the page hydrates with is the one it was rendered with. */
const CURRENCIES: readonly string[] = Intl.supportedValuesOf("currency");

export async function loadSendingWindow(workspace: Workspace) {
  const minimums = await listMinimumAmounts(workspace.id);
  const baseCurrency = workspace.baseCurrency ?? "NZD";
  return {
    baseCurrency,
    // The organisation's own currency first, then the rest of ISO 4217.
    currencies: [baseCurrency, ...CURRENCIES.filter((code) => code !== baseCurrency)],
    window: { start: workspace.sendWindowStartHour, end: workspace.sendWindowEndHour, weekdays: workspace.sendWeekdays },
    minimums: minimums.map(({ currencyCode, minimumAmountDue }) => ({ currencyCode, minimumAmountDue })),
  };
}

const schemas = {
  window: z
    .object({
      start: z.coerce.number().int().min(0).max(23),
      end: z.coerce.number().int().min(1).max(24),
      weekdays: z.array(z.coerce.number().int().min(1).max(7)).min(1, "Pick at least one day."),
    })
    .refine((window) => window.start < window.end, { path: ["end"], message: "The window must end after it starts." }),
  minimums: z.object({ currencyCode: z.string().trim().toUpperCase().refine((code) => CURRENCIES.includes(code), "Choose a currency from the list."), minimumAmountDue: z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, "Enter an amount like 25.00.") }),
};

export const sendingWindowActions: Record<string, ActionHandler> = {
  window: async (action) => {
    const parsed = schemas.window.safeParse({ ...action.fields, weekdays: action.form.getAll("weekdays") });
    if (!parsed.success) return invalid(action, parsed.error);
    const { start, end, weekdays } = parsed.data;
    await updateWorkspaceReminderSettings(action.workspace.id, action.user.id, { sendWindowStartHour: start, sendWindowEndHour: end, sendWeekdays: [...new Set(weekdays)].sort() }, "reminders.window_changed");
    return done(action, "Send window saved.");
  },
  minimums: async (action) => {
    const parsed = schemas.minimums.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const others = (await listMinimumAmounts(action.workspace.id)).filter((row) => row.currencyCode !== parsed.data.currencyCode);
    // A minimum of zero removes the currency's minimum.
    const wanted = compareMoney(parsed.data.minimumAmountDue, "0") > 0 ? [parsed.data] : [];
    await saveMinimumAmounts(action.workspace.id, [...others, ...wanted]);
    return done(action, `Minimum for ${parsed.data.currencyCode} saved.`);
  },
};
