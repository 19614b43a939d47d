// Settings → Reminders, put together: the page's data is its sections' data,
// and a form's `intent` names the section action that handles it.
import { data } from "@remix-run/node";
import { readFormWithLogo, TOO_LARGE } from "~/models/brand-logos.server";
import { localeFor } from "~/reminders/compose";
import { brandingActions, loadBranding } from "./branding.server";
import { creditHoldActions, loadCreditHold } from "./credit-hold.server";
import { enclosureActions, loadEnclosures } from "./enclosures.server";
import { loadPausing, pausingActions } from "./pausing.server";
import { loadRepeat, repeatActions } from "./repeat.server";
import { loadSchedule, scheduleActions } from "./schedule.server";
import { localToday, type ActionHandler, type ActionResult, type SectionAction, type Workspace } from "./section.server";
import { loadSending, sendingActions } from "./sending.server";
import { loadSendingWindow, sendingWindowActions } from "./sending-window.server";
import { loadStatements, statementsActions } from "./statements.server";

export async function loadReminderSettings(request: Request, workspace: Workspace, role: string) {
  const now = new Date();
  const today = localToday(workspace.timeZone, now);
  const customerWords = (new URL(request.url).searchParams.get("customer") ?? "").trim().slice(0, 100);
  const [sending, schedule, repeat, sendingWindow, pausing, statements] = await Promise.all([
    loadSending(workspace, now),
    loadSchedule(workspace, today),
    loadRepeat(workspace),
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
    ...repeat,
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
  ...brandingActions,
  ...sendingWindowActions,
  ...creditHoldActions,
  ...enclosureActions,
  ...statementsActions,
};

export async function reminderSettingsAction(request: Request, user: SectionAction["user"], workspace: Workspace) {
  const read = await readFormWithLogo(request);
  // Only the branding form carries a file, so only it can be too large.
  if (read.tooLarge) return data<ActionResult>({ intent: "branding", errors: { logo: TOO_LARGE }, values: null }, { status: 400 });
  const { form } = read;
  const intent = String(form.get("intent"));
  const fields = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const handler = Object.hasOwn(actions, intent) ? actions[intent] : undefined;
  if (!handler) return data<ActionResult>({ intent, errors: { intent: "Unknown action." } }, { status: 400 });
  return handler({ request, user, workspace, intent, form, fields });
}
