// Settings → Reminders, "Schedules for Xero contact groups": each group's schedule in the order they apply,
// with its group's size in Xero, moving, editing and removing it, and adding one for another group.
import { Form } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { Button, LinkButton } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

export const customers = (count: number) => (count === 1 ? "1 customer" : `${count} customers`);

/**
 * Who a group's schedule reaches, in words: "12 customers in Xero's “Key accounts” group.", and how many of
 * them follow a group's schedule listed above instead.
 */
export function groupReach(
  { groupName, groupGone, groupSize, memberCount }: { groupName: string; groupGone: boolean; groupSize: number; memberCount: number },
  earlier = "a group listed above",
) {
  if (groupGone) return `Applies to nobody: the “${groupName}” group was deleted in Xero.`;
  if (groupSize === 0) return `No customers in Xero's “${groupName}” group yet.`;
  const elsewhere = groupSize - memberCount;
  const above = `the schedule of ${earlier} (they are in that group too)`;
  if (elsewhere <= 0) return `${customers(groupSize)} in Xero's “${groupName}” group.`;
  if (groupSize === 1) return `1 customer in Xero's “${groupName}” group, who gets ${above}.`;
  return `${customers(groupSize)} in Xero's “${groupName}” group; ${elsewhere === groupSize ? "all" : elsewhere} of them get ${above}.`;
}

type Schedule = ReminderSettings["groupSchedules"]["schedules"][number];

function MoveButton({ schedule, direction, busy }: { schedule: Schedule; direction: "up" | "down"; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="move-group-schedule" />
      <input type="hidden" name="scheduleId" value={schedule.id} />
      <input type="hidden" name="direction" value={direction} />
      <Button type="submit" variant="ghost" disabled={busy}>
        Move {direction}
        <span className="sr-only"> the “{schedule.groupName}” schedule</span>
      </Button>
    </Form>
  );
}

function RemoveButton({ schedule, busy }: { schedule: Schedule; busy: boolean }) {
  return (
    <ConfirmDialog
      title={`Remove the “${schedule.groupName}” schedule?`}
      trigger={
        <Button variant={schedule.groupGone ? "secondary" : "ghost"}>
          Remove<span className="sr-only"> the “{schedule.groupName}” schedule</span>
        </Button>
      }
      confirm={
        <Form method="post">
          <input type="hidden" name="intent" value="remove-group-schedule" />
          <input type="hidden" name="scheduleId" value={schedule.id} />
          <Button type="submit" variant="danger" disabled={busy}>
            Remove schedule
          </Button>
        </Form>
      }
    >
      <p>
        {schedule.groupGone || schedule.memberCount === 0
          ? "Nobody gets this schedule now."
          : `The ${customers(schedule.memberCount)} who follow it get everyone else's schedule from their next reminder, or the schedule of another group they are in.`}
      </p>
      <p>Reminders already sent under it stay in each invoice's history and in the Reminders log.</p>
    </ConfirmDialog>
  );
}

function AddGroupSchedule({ groups, errors, busy }: { groups: ReminderSettings["groupSchedules"]["withoutSchedule"]; errors?: FieldErrors; busy: boolean }) {
  return (
    <Form method="post" className="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
      <input type="hidden" name="intent" value="add-group-schedule" />
      <div className="min-w-0 max-w-full">
        <label className={labelClass}>
          Add a schedule for a group
          <select
            name="xeroContactGroupId"
            defaultValue=""
            className={`${inputClass} max-w-full`}
            aria-invalid={errors?.xeroContactGroupId ? true : undefined}
            aria-describedby="add-group-schedule-error"
          >
            <option value="">Choose a group…</option>
            {groups.map((group) => (
              <option key={group.xeroContactGroupId} value={group.xeroContactGroupId}>
                {group.name} ({customers(group.memberCount)})
              </option>
            ))}
          </select>
        </label>
        <FieldError errors={errors} name="xeroContactGroupId" id="add-group-schedule-error" />
      </div>
      <Button type="submit" variant="secondary" disabled={busy}>
        Add schedule
      </Button>
    </Form>
  );
}

export function GroupSchedulesCard({ settings, errors, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; busy: boolean }) {
  const { schedules, withoutSchedule } = settings.groupSchedules;
  const { canChange } = settings;
  const noGroups = schedules.length === 0 && withoutSchedule.length === 0;
  return (
    <Card className="p-6" data-testid="group-schedules">
      <h2 className="text-lg font-semibold text-slate-900">Schedules for Xero contact groups</h2>
      <p className="mt-1 text-sm text-slate-600">
        A contact group in Xero can have a schedule of its own: gentler for key accounts, firmer for others. Its customers get it instead of the schedule
        above. A customer in two of these groups gets the schedule listed first: it applies first.
      </p>
      <FieldError errors={errors("move-group-schedule") ?? errors("remove-group-schedule")} name="scheduleId" />
      {schedules.length ? (
        <ol className="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Group schedules, the first applying first">
          {schedules.map((schedule, index) => (
            <li key={schedule.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="group-schedule">
              <div className="min-w-0 [overflow-wrap:anywhere]">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  <span>
                    {index + 1}. {schedule.groupName}
                  </span>
                  {schedule.groupGone ? <Badge tone="warning">Group deleted in Xero</Badge> : index === 0 && schedules.length > 1 ? <Badge tone="info">Applies first</Badge> : null}
                </p>
                <p className="text-sm text-slate-600">{groupReach(schedule)}</p>
              </div>
              <div className="flex flex-wrap items-center gap-1">
                {canChange && index > 0 ? <MoveButton schedule={schedule} direction="up" busy={busy} /> : null}
                {canChange && index < schedules.length - 1 ? <MoveButton schedule={schedule} direction="down" busy={busy} /> : null}
                {schedule.groupGone ? null : (
                  <LinkButton to={schedule.editPath} variant="secondary">
                    {canChange ? "Edit" : "View"}
                    <span className="sr-only"> the “{schedule.groupName}” schedule</span>
                  </LinkButton>
                )}
                {canChange ? <RemoveButton schedule={schedule} busy={busy} /> : null}
              </div>
            </li>
          ))}
        </ol>
      ) : noGroups ? null : (
        <p className="mt-4 text-sm text-slate-600">No group has a schedule of its own yet: every customer gets the schedule above.</p>
      )}
      {noGroups ? (
        <div className="mt-4 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700" data-testid="no-contact-groups">
          <p className="font-medium text-slate-900">Xero has no contact groups for this organisation yet.</p>
          <p className="mt-1">
            Create them in Xero under <strong>Contacts → Groups</strong> (a “Key accounts” group, say) and put customers in them. Solido reads your groups
            every few hours; they then appear here, ready for a schedule of their own.
          </p>
        </div>
      ) : canChange && withoutSchedule.length ? (
        <AddGroupSchedule groups={withoutSchedule} errors={errors("add-group-schedule")} busy={busy} />
      ) : withoutSchedule.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">
          Every contact group in Xero has a schedule here. A group you create in Xero (Contacts → Groups) appears within a few hours.
        </p>
      ) : null}
    </Card>
  );
}
