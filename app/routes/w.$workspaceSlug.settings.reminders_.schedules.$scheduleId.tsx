// A contact group's own reminder schedule (Settings → Reminders → "Edit" beside the group): the same step
// editor, previews and "After the last step" as the default schedule's, for this group's customers.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { useSectionForms } from "~/pages/reminder-settings/fields";
import { groupSchedulePageAction, loadGroupSchedulePage } from "~/pages/reminder-settings/group-schedule-page.server";
import { groupReach } from "~/pages/reminder-settings/group-schedules";
import { RepeatCard } from "~/pages/reminder-settings/repeat";
import { ScheduleCard } from "~/pages/reminder-settings/schedule";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.schedule.groupName ?? "Group"} schedule · Reminders · Settings · Solido` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  return loadGroupSchedulePage(workspace, role, params.scheduleId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  return groupSchedulePageAction(request, user, workspace, params.scheduleId);
}

const quoted = (names: string[]) => names.map((name) => `“${name}”`).join(names.length === 2 ? " or " : ", ");

export default function GroupSchedule() {
  const settings = useLoaderData<typeof loader>();
  const { errors, busy } = useSectionForms();
  const { schedule } = settings;
  const sections = { settings, errors, busy };
  const group = `the “${schedule.groupName}” group`;
  return (
    // A schedule of its own for each group: another group's page starts afresh, not with this one's edits.
    <div key={schedule.id} className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to={`/w/${settings.slug}/settings/reminders`} className="text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          ← Reminders
        </Link>
      </nav>
      <ScheduleCard
        {...sections}
        title={`Schedule for ${group}`}
        description={
          <>
            {groupReach(schedule, quoted(schedule.before))}{" "}
            {schedule.before.length
              ? `It comes after ${quoted(schedule.before)} in Settings → Reminders: a customer ${schedule.before.length === 1 ? "in both gets that group's" : "also in one of them gets that one's"} schedule.`
              : "It applies first: a customer also in another group with a schedule gets this one."}
          </>
        }
      />
      <RepeatCard {...sections} of={group} />
    </div>
  );
}
