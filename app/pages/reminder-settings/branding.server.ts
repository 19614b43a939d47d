// Settings → Reminders, "Branding": sender name, reply-to address, accent
// colour and logo (uploaded, or the address of one the business hosts).
import { z } from "zod";
import { chosenFile, LOGO_MAX_BYTES, removeBrandLogo, saveBrandLogo } from "~/models/brand-logos.server";
import { businessName, logoUrlOf } from "~/reminders/branding.server";
import { updateWorkspaceReminderSettings } from "~/reminders/settings.server";
import { done, fieldErrors, refuse, type ActionHandler, type Workspace } from "./section.server";

export function loadBranding(workspace: Workspace) {
  return {
    branding: {
      businessName: businessName(workspace),
      senderName: workspace.senderName ?? "",
      replyToEmail: workspace.replyToEmail ?? "",
      brandColour: workspace.brandColour,
      /** The address typed in settings (empty when the logo was uploaded). */
      logoUrl: workspace.logoUrl ?? "",
      /** What emails show: the uploaded logo's public address, the typed one, or null. */
      logoShown: logoUrlOf(workspace),
      logoUploaded: workspace.logoSha256 !== null,
      logoMaxKilobytes: LOGO_MAX_BYTES / 1024,
    },
  };
}

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e.");
const optionalEmail = z.union([z.literal(""), z.email("Enter an email address.")]);
const optionalHttpsUrl = z.union([z.literal(""), z.url({ protocol: /^https$/, error: "Use an https:// address." })]);
const brandingSchema = z.object({ senderName: z.string().trim().max(100, "Keep the sender name to 100 characters or fewer: it shows as the From name in your customers' inboxes."), replyToEmail: optionalEmail, brandColour: hexColour, logoUrl: optionalHttpsUrl });

export const brandingActions: Record<string, ActionHandler> = {
  branding: async (action) => {
    const { fields, form, workspace, user } = action;
    // What was typed goes back with any error, so nothing on the form is lost.
    const values = { senderName: fields.senderName ?? "", replyToEmail: fields.replyToEmail ?? "", brandColour: fields.brandColour ?? "", logoUrl: fields.logoUrl ?? "" };
    const parsed = brandingSchema.safeParse(fields);
    if (!parsed.success) return refuse(action, fieldErrors(parsed.error), values);
    const { senderName, replyToEmail, brandColour, logoUrl } = parsed.data;
    const logo = chosenFile(form, "logo");
    if (logo) {
      const saved = await saveBrandLogo(workspace.id, user.id, logo);
      if (!saved.ok) return refuse(action, { logo: saved.error }, values);
    }
    // One logo at a time: a file just uploaded wins; an address typed replaces an uploaded logo.
    const logoChange = logo ? {} : logoUrl ? { logoUrl, logoSha256: null } : { logoUrl: null };
    await updateWorkspaceReminderSettings(workspace.id, user.id, { senderName: senderName || null, replyToEmail: replyToEmail || null, brandColour, ...logoChange }, "reminders.branding_changed");
    return done(action, logo ? "Branding saved with your new logo." : "Branding saved.");
  },
  "remove-logo": async (action) => {
    await removeBrandLogo(action.workspace.id, action.user.id);
    return done(action, "Logo removed: reminders show your business's name instead.");
  },
};
