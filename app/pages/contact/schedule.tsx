// The contact page's "Reminder schedule" line: the schedule this customer's reminders follow and why,
// linking to it in Settings for whoever may change it.
import { Link } from "@remix-run/react";
import type { loadContactSchedule } from "./schedule.server";

type ContactSchedule = Awaited<ReturnType<typeof loadContactSchedule>>;

const quoted = (names: string[]) => names.map((name) => `“${name}”`).join(", ").replace(/, ([^,]*)$/, " and $1");

function why(because: ContactSchedule["because"]) {
  if (because.kind === "default") return "not in a Xero contact group with a schedule of its own.";
  const also = because.alsoIn.length
    ? ` (also in ${quoted(because.alsoIn)}, whose ${because.alsoIn.length === 1 ? "schedule comes" : "schedules come"} later)`
    : "";
  return `because they are in Xero's “${because.groupName}” group${also}.`;
}

export function ContactScheduleLine({ schedule, canChange }: { schedule: ContactSchedule; canChange: boolean }) {
  return (
    <p className="text-sm text-slate-700 [overflow-wrap:anywhere]" data-testid="contact-schedule">
      <span className="font-medium text-slate-900">Reminder schedule:</span>{" "}
      {canChange ? (
        <Link to={schedule.path} className="font-medium text-teal-800 underline decoration-slate-400 underline-offset-2 hover:decoration-current">
          {schedule.name}
        </Link>
      ) : (
        <span className="font-medium text-slate-900">{schedule.name}</span>
      )}{" "}
      — {why(schedule.because)}
    </p>
  );
}
