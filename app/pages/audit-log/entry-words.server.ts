// The audit log's entries in plain words (Settings → Audit log), in the organisation's time. An action
// this does not know yet falls back to its code with dots turned to spaces, so the log never hides one.
import { formatMoment } from "~/display/format";
import { isIndefinite } from "~/models/reminder-pauses.server";

type Detail = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/**
 * Each action in words. Actions other modules add later fall back to their
 * code with dots turned to spaces, so the log never hides an entry.
 */
export function describeEntry(action: string, detail: Detail, locale: string, timeZone: string): { words: string; link?: { kind: "invoice" | "contact"; id: string } } {
  const until = text(detail.until);
  const untilWords = until ? (isIndefinite(until) ? " until resumed" : ` until ${formatMoment(until, locale, timeZone)}`) : "";
  const reason = text(detail.reason) ? ` (${detail.reason})` : "";
  switch (action) {
    case "workspace.created":
      return { words: "Created the workspace" };
    case "xero.connected":
      return { words: `Connected Xero${text(detail.organisationName) ? ` (${detail.organisationName})` : ""}` };
    case "xero.reconnected":
      return { words: "Reconnected Xero" };
    case "xero.disconnected":
      return { words: detail.by === "xero" ? "Xero disconnected the organisation" : "Disconnected Xero" };
    case "xero.needs_reconnect":
      return { words: "Xero stopped accepting Solido's access: reconnection needed" };
    case "member.joined":
      return { words: `Joined the workspace${text(detail.role) ? ` as ${detail.role}` : ""}` };
    case "member.invited":
      return { words: `Invited ${detail.email} as ${detail.role}` };
    case "invitation.revoked":
      return { words: `Withdrew the invitation to ${detail.email}` };
    case "access.requested":
      return { words: "Asked to join the workspace" };
    case "access.approved":
      return { words: `Let ${detail.email} in as ${detail.role}, at their request` };
    case "access.declined":
      return { words: `Declined ${detail.email}'s request to join` };
    case "member.removed":
      return { words: `Removed ${detail.email} (${detail.role})` };
    case "member.role_changed":
      return { words: `Changed ${detail.email}'s role from ${detail.from} to ${detail.to}` };
    case "member.left":
      return { words: "Left the workspace" };
    case "invoice.reminders_paused":
      return { words: `Paused reminders for invoice ${detail.invoiceNumber ?? ""}${untilWords}${reason}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "invoice.reminders_resumed":
      return { words: `Resumed reminders for invoice ${detail.invoiceNumber ?? ""}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "invoice.reminder_sent_now":
      return { words: `Sent the next reminder for invoice ${detail.invoiceNumber ?? ""} now, to ${detail.to}`, link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "contact.reminders_paused":
      return { words: `Paused reminders for ${detail.contactName}${untilWords}${reason}`, link: { kind: "contact", id: String(detail.contactId) } };
    case "workspace.reminders_paused":
      return { words: `Paused all reminders${untilWords}${reason}` };
    case "workspace.reminders_resumed":
      return { words: "Resumed all reminders" };
    case "contact.reminders_resumed":
      return { words: `Resumed reminders for ${detail.contactName}`, link: { kind: "contact", id: String(detail.contactId) } };
    case "reminders.sent_due_now":
      return { words: `Sent the ${detail.reminders} reminders already due at once, outside the send window, on turning reminders on` };
    case "reminders.credit_hold_on":
      return { words: "Chose to hold a customer's reminders while they have unallocated credit in Xero" };
    case "reminders.credit_hold_off":
      return { words: "Stopped holding reminders for customers with unallocated credit" };
    case "branding.logo_uploaded":
      return { words: "Uploaded a new logo for reminder emails" };
    case "branding.logo_removed":
      return { words: "Removed the logo from reminder emails" };
    case "contact.statement_sent_now":
      return { words: `Sent a statement now to ${detail.to}`, link: { kind: "contact", id: String(detail.contactId) } };
    case "invoice.query_resolved":
      return { words: "Marked a customer's query about an invoice as resolved: its reminders resume", link: { kind: "invoice", id: String(detail.invoiceId) } };
    case "reminders.schedule_added":
      return { words: `Added a reminder schedule for Xero's “${detail.name}” group` };
    case "reminders.schedule_removed":
      return { words: `Removed the “${detail.name}” reminder schedule${detail.retired ? " (the reminders it sent stay in each invoice's history)" : ""}` };
    case "reminders.schedule_moved":
      return { words: `Moved the “${detail.name}” schedule ${detail.direction === "up" ? "up: it now applies before the one it passed" : "down: it now applies after the one it passed"}` };
    case "reminders.repeat_changed": {
      const schedule = text(detail.name) ? `“${detail.name}”` : "the schedule";
      const repeat = detail.repeat as { everyDays: number; limit: number } | null | undefined;
      return {
        words: repeat
          ? `Set ${schedule} to repeat every ${repeat.everyDays === 1 ? "day" : `${repeat.everyDays} days`} after its last step until paid, at most ${repeat.limit} ${repeat.limit === 1 ? "time" : "times"}`
          : `Turned off repeats after the last step of ${schedule}`,
      };
    }
    case "reminders.cut_off_changed":
      return {
        words: typeof detail.chaseWithinDays === "number" ? `Chose to chase only invoices due within the last ${detail.chaseWithinDays} days` : "Chose to chase every unpaid invoice, however old",
      };
    case "reminders.branding_changed":
      return { words: "Changed how reminder emails look (sender, reply-to address or colour)" };
    case "reminders.window_changed":
      return { words: "Changed when reminders are sent (hours or weekdays)" };
    case "reminders.enclosures_changed":
      return { words: "Changed what goes with reminder emails (invoice PDFs, blind copy to the business)" };
    case "statements.monthly_changed":
      return {
        words:
          detail.monthlyStatementDay === null || detail.monthlyStatementDay === undefined
            ? "Turned off monthly statements"
            : `Set monthly statements to go on ${detail.monthlyStatementDay === 31 ? "the last day" : `day ${detail.monthlyStatementDay}`} of each month`,
      };
    default: {
      const spelled = action.replace(/[._]/g, " ");
      return { words: spelled.charAt(0).toUpperCase() + spelled.slice(1) };
    }
  }
}
