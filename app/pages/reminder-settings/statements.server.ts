// Settings → Reminders, "Statements": monthly statements on a day of the month
// (or off), the customer the preview shows, and "Send me a test statement".
import { z } from "zod";
import { LAST_DAY_OF_MONTH } from "~/statements/schedule";
import { nextStatementOf, sendTestStatement, setMonthlyStatementDay, statementPreviewSubject } from "~/statements/settings.server";
import { done, failed, invalid, localToday, type ActionHandler, type Workspace } from "./section.server";

export async function loadStatements(workspace: Workspace, today: string) {
  return {
    statements: {
      monthlyStatementDay: workspace.monthlyStatementDay,
      next: nextStatementOf(workspace, today),
      preview: await statementPreviewSubject(workspace, today),
    },
  };
}

const schema = z.object({
  monthlyStatementDay: z.union([
    z.literal("").transform(() => null),
    z.coerce
      .number()
      .int()
      .refine((day) => (day >= 1 && day <= 28) || day === LAST_DAY_OF_MONTH, "Choose a day from the 1st to the 28th, or the last day of the month."),
  ]),
});

export const statementsActions: Record<string, ActionHandler> = {
  statements: async (action) => {
    const parsed = schema.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const day = parsed.data.monthlyStatementDay;
    await setMonthlyStatementDay(action.workspace.id, action.user.id, day);
    return done(action, day === null ? "Monthly statements are off." : "Monthly statements saved.");
  },
  "statement-test": async (action) => {
    const { workspace, user } = action;
    const sent = await sendTestStatement(workspace, user.email, localToday(workspace.timeZone, new Date()));
    if (!sent.ok) return failed(action, `The test statement could not be sent: ${sent.message}`);
    return done(action, `Test statement sent to ${user.email}.`);
  },
};
