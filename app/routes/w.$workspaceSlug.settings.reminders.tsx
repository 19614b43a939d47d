// Settings → Reminders: the go-live switch (with what would go out today),
// the default schedule ("everyone else") with a live preview of each step's
// email as the customer will see it, the contact groups' own schedules (each
// edited on its own page, w.$workspaceSlug.settings.reminders_.schedules.$scheduleId),
// branding, attachments and copies, the send window, and pausing. Each section
// is its own module in app/pages/reminder-settings/: its data, its actions
// (named by the form's `intent`) and its card.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { BrandingCard } from "~/pages/reminder-settings/branding";
import { CreditHoldCard } from "~/pages/reminder-settings/credit-hold";
import { EnclosuresCard } from "~/pages/reminder-settings/enclosures";
import { useSectionForms } from "~/pages/reminder-settings/fields";
import { GroupSchedulesCard } from "~/pages/reminder-settings/group-schedules";
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
  const { errors, values, busy } = useSectionForms();
  const sections = { settings, errors, busy };
  const groups = settings.groupSchedules.schedules.length;
  return (
    <div className="space-y-6">
      <SendingCard {...sections} />
      <PausedCard {...sections} />
      <ScheduleCard
        {...sections}
        title="Schedule for everyone else"
        description={
          groups
            ? `The reminders every customer gets who is not in one of the ${groups === 1 ? "contact group" : `${groups} contact groups`} with a schedule of its own (below).`
            : "The reminders every customer gets. A Xero contact group can have a schedule of its own (below)."
        }
      />
      <RepeatCard {...sections} of="everyone else" />
      <GroupSchedulesCard {...sections} />
      <BrandingCard {...sections} values={values("branding")} />
      <EnclosuresCard {...sections} values={values} />
      <SendWindowCard {...sections} />
      <MinimumsCard {...sections} />
      <CreditHoldCard {...sections} />
      <StatementsCard {...sections} />
    </div>
  );
}
