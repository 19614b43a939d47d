// Settings → Reminders, "Attachments and copies": the invoice's PDF from Xero on each
// reminder (app/reminders/invoice-pdfs.server.ts), and a blind copy of every email to
// customers for the business, so its owners see exactly what their customers receive.
import { z } from "zod";
import { updateWorkspaceReminderSettings } from "~/reminders/settings.server";
import { done, fieldErrors, refuse, type ActionHandler, type Workspace } from "./section.server";

export function loadEnclosures(workspace: Workspace) {
  return { enclosures: { attachInvoicePdfs: workspace.attachInvoicePdfs, blindCopyEmail: workspace.blindCopyEmail ?? "" } };
}

const enclosuresSchema = z.object({
  blindCopyEmail: z.union([
    z.literal(""),
    z.email("Enter an email address, like accounts@yourbusiness.com, or leave it empty for no copies.").max(254, "Email addresses are at most 254 characters."),
  ]),
});

export const enclosureActions: Record<string, ActionHandler> = {
  enclosures: async (action) => {
    // A checkbox sends its field only when ticked.
    const attachInvoicePdfs = action.fields.attachInvoicePdfs === "on";
    const typed = (action.fields.blindCopyEmail ?? "").trim();
    const parsed = enclosuresSchema.safeParse({ blindCopyEmail: typed });
    if (!parsed.success) return refuse(action, fieldErrors(parsed.error), { blindCopyEmail: typed, attachInvoicePdfs: attachInvoicePdfs ? "on" : "" });
    const blindCopyEmail = parsed.data.blindCopyEmail || null;
    await updateWorkspaceReminderSettings(action.workspace.id, action.user.id, { attachInvoicePdfs, blindCopyEmail }, "reminders.enclosures_changed");
    const pdfs = attachInvoicePdfs ? "Reminders carry each invoice's PDF from Xero" : "Reminders go without PDFs";
    return done(action, `${pdfs}${blindCopyEmail ? `, and a blind copy of each goes to ${blindCopyEmail}.` : ", with no copies."}`);
  },
};
