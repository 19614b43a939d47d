// Settings → Reminders: the go-live switch (with what would go out today),
// the schedule editor with a live preview of each step's email as the
// customer will see it, branding, attachments and copies, the send window, and pausing. Each section
// is its own module in app/pages/reminder-settings/: its data, its actions
// (named by the form's `intent`) and its card.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { BrandingCard } from "~/pages/reminder-settings/branding";
import { CreditHoldCard } from "~/pages/reminder-settings/credit-hold";
import { EnclosuresCard } from "~/pages/reminder-settings/enclosures";
import type { FieldErrors } from "~/pages/reminder-settings/fields";
import { loadReminderSettings, reminderSettingsAction } from "~/pages/reminder-settings/page.server";
import { PausedCard } from "~/pages/reminder-settings/pausing";
import { RepeatCard } from "~/pages/reminder-settings/repeat";
import { ScheduleCard } from "~/pages/reminder-settings/schedule";
import { SendingCard } from "~/pages/reminder-settings/sending";
import { MinimumsCard, SendWindowCard } from "~/pages/reminder-settings/sending-window";
import { StatementsCard } from "~/pages/reminder-settings/statements";

export const meta: MetaFunction = () => [{ title: "Reminders · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  return loadReminderSettings(request, workspace, role);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  return reminderSettingsAction(request, user, workspace);
}

export default function ReminderSettings() {
  const settings = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors = (intent: string) => (actionData && "intent" in actionData && actionData.intent === intent ? (actionData.errors as FieldErrors) : undefined);
  // What was typed into the form an error came back for, so nothing typed is lost.
  const values = (intent: string) => (actionData && "values" in actionData && actionData.intent === intent ? (actionData.values as Record<string, string> | null) : null);
  const sections = { settings, errors, busy };
  return (
    <div className="space-y-6">
      <SendingCard {...sections} />
      <PausedCard {...sections} />
      <ScheduleCard {...sections} />
      <RepeatCard {...sections} />
      <BrandingCard {...sections} values={values("branding")} />
      <EnclosuresCard {...sections} values={values} />
      <SendWindowCard {...sections} />
      <MinimumsCard {...sections} />
      <CreditHoldCard {...sections} />
      <StatementsCard {...sections} />
    </div>
  );
}
