// Settings → Reminders, put together: the page's data is its sections' data,
// and a form's `intent` names the section action that handles it. The page
// edits the default schedule ("everyone else"); a contact group's schedule has
// its own page (group-schedule-page.server.ts) with the same two sections.
import { data } from "@remix-run/node";
import { readFormWithLogo, TOO_LARGE } from "~/models/brand-logos.server";
import { localeFor } from "~/reminders/compose";
import { defaultSchedule, listSchedules, type ScheduleSummary } from "~/reminders/schedules.server";
import { brandingActions, loadBranding } from "./branding.server";
import { creditHoldActions, loadCreditHold } from "./credit-hold.server";
import { enclosureActions, loadEnclosures } from "./enclosures.server";
import { groupScheduleActions, loadGroupSchedules } from "./group-schedules.server";
import { loadPausing, pausingActions } from "./pausing.server";
import { loadRepeat, repeatActions } from "./repeat.server";
import { loadSchedule, scheduleActions } from "./schedule.server";
import { localToday, settingsPath, type ActionHandler, type ActionResult, type SectionAction, type Workspace } from "./section.server";
import { loadSending, sendingActions } from "./sending.server";
import { loadSendingWindow, sendingWindowActions } from "./sending-window.server";
import { loadStatements, statementsActions } from "./statements.server";

/** The workspace's default schedule among its schedules: every customer's who is in no group with a schedule of its own. */
const everyoneElseOf = (schedules: ScheduleSummary[]) => {
  const found = schedules.find((schedule) => schedule.isDefault);
  if (!found) throw new Error("The workspace has no default reminder schedule.");
  return found;
};

export async function loadReminderSettings(request: Request, workspace: Workspace, role: string) {
  const now = new Date();
  const today = localToday(workspace.timeZone, now);
  const customerWords = (new URL(request.url).searchParams.get("customer") ?? "").trim().slice(0, 100);
  const schedules = await listSchedules(workspace.id);
  const everyoneElse = everyoneElseOf(schedules);
  const [sending, schedule, groupSchedules, sendingWindow, pausing, statements] = await Promise.all([
    loadSending(workspace, now),
    loadSchedule(workspace, today, everyoneElse),
    loadGroupSchedules(workspace, schedules),
    loadSendingWindow(workspace),
    loadPausing(workspace, customerWords, now),
    loadStatements(workspace, today),
  ]);
  return {
    canChange: role !== "viewer",
    slug: workspace.slug,
    today,
    timeZone: workspace.timeZone,
    locale: localeFor(workspace.countryCode),
    ...sending,
    ...loadBranding(workspace),
    ...sendingWindow,
    ...schedule,
    ...loadRepeat(everyoneElse),
    ...groupSchedules,
    ...pausing,
    ...loadCreditHold(workspace),
    ...loadEnclosures(workspace),
    ...statements,
  };
}

const actions: Record<string, ActionHandler> = {
  ...sendingActions,
  ...pausingActions,
  ...scheduleActions,
  ...repeatActions,
  ...groupScheduleActions,
  ...brandingActions,
  ...sendingWindowActions,
  ...creditHoldActions,
  ...enclosureActions,
  ...statementsActions,
};

/** Runs the form's section action (named by its `intent`, one of `handlers`) for the schedule the page edits. */
export async function runSectionAction(
  request: Request,
  handlers: Record<string, ActionHandler>,
  context: Pick<SectionAction, "user" | "workspace" | "back" | "scheduleId">,
) {
  const read = await readFormWithLogo(request);
  // Only the branding form carries a file, so only it can be too large.
  if (read.tooLarge) return data<ActionResult>({ intent: "branding", errors: { logo: TOO_LARGE }, values: null }, { status: 400 });
  const { form } = read;
  const intent = String(form.get("intent"));
  const fields = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const handler = Object.hasOwn(handlers, intent) ? handlers[intent] : undefined;
  if (!handler) return data<ActionResult>({ intent, errors: { intent: "Unknown action." } }, { status: 400 });
  return handler({ request, ...context, intent, form, fields });
}

export async function reminderSettingsAction(request: Request, user: SectionAction["user"], workspace: Workspace) {
  return runSectionAction(request, actions, {
    user,
    workspace,
    back: settingsPath(workspace),
    scheduleId: (await defaultSchedule(workspace.id)).id,
  });
}
