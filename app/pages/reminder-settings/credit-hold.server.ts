// Settings → Reminders, "Customers with credit": whether a customer's reminders
// wait while Xero shows them unallocated credit (docs/decisions/0004-hold-reminders-while-credit.md).
import { setHoldRemindersWhileCredit } from "~/models/credit-notes.server";
import { done, type ActionHandler, type Workspace } from "./section.server";

export const loadCreditHold = (workspace: Workspace) => ({ holdRemindersWhileCredit: workspace.holdRemindersWhileCredit });

export const creditHoldActions: Record<string, ActionHandler> = {
  "credit-hold": async (action) => {
    // A checkbox sends its field only when ticked.
    const hold = action.fields.hold === "on";
    await setHoldRemindersWhileCredit(action.workspace.id, action.user.id, hold);
    return done(
      action,
      hold
        ? "Reminders to customers with unallocated credit in Xero are held until the credit is used."
        : "Customers with unallocated credit get their reminders again.",
    );
  },
};
