// When monthly statements go: on the workspace's day of the month (1–28, or
// the month's last day), in the organisation's time zone; a day that is not
// one of the workspace's sending weekdays moves to the next one that is (a
// statement for the 31st of January that falls on a Saturday goes on Monday
// 2 February, and is still January's). The planner writes the same rule in
// SQL (app/statements/planner.server.ts); pages and tests read it here.
// No server-only imports: the settings page shows the next dates in the browser.
import { formatDay } from "~/display/format";

/** The setting's value for "the last day of the month". */
export const LAST_DAY_OF_MONTH = 31;

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const daysInMonth = (period: string) => {
  const [year, month] = period.split("-").map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
};
/** The month after (or, with -1, before) a YYYY-MM. */
export function shiftPeriod(period: string, months: number): string {
  const [year, month] = period.split("-").map(Number);
  const shifted = new Date(Date.UTC(year, month - 1 + months, 1));
  return shifted.toISOString().slice(0, 7);
}

/** The calendar day a month's statement is scheduled for, before any move to a sending weekday. */
export function scheduledDay(period: string, statementDay: number): string {
  const day = Math.min(statementDay, daysInMonth(period));
  return `${period}-${String(day).padStart(2, "0")}`;
}

/** The first sending weekday on or after a day (the day itself when it is one). */
export function nextSendingDay(day: string, weekdays: number[]): string {
  for (let ahead = 0; ahead < 7; ahead++) {
    const candidate = addDays(day, ahead);
    if (weekdays.includes(isoWeekday(candidate))) return candidate;
  }
  return day;
}

export type StatementDate = {
  /** The month the statement is for (YYYY-MM). */
  period: string;
  /** The day the setting names in that month. */
  scheduledOn: string;
  /** The day it goes: the scheduled day, or the next sending weekday after it. */
  sendOn: string;
};

/** A month's statement: scheduled day and the day it goes. */
export function statementDateOf(period: string, statementDay: number, weekdays: number[]): StatementDate {
  const scheduledOn = scheduledDay(period, statementDay);
  return { period, scheduledOn, sendOn: nextSendingDay(scheduledOn, weekdays) };
}

/** The month whose statement goes on `today`, if any (this month's, or last month's moved into this one). */
export function statementDueOn(today: string, statementDay: number, weekdays: number[]): StatementDate | null {
  const thisMonth = today.slice(0, 7);
  for (const period of [shiftPeriod(thisMonth, -1), thisMonth]) {
    const date = statementDateOf(period, statementDay, weekdays);
    if (date.sendOn === today) return date;
  }
  return null;
}

/** The next statement to go on or after `today`. */
export function nextStatementDate(today: string, statementDay: number, weekdays: number[]): StatementDate {
  const thisMonth = today.slice(0, 7);
  for (const period of [shiftPeriod(thisMonth, -1), thisMonth, shiftPeriod(thisMonth, 1)]) {
    const date = statementDateOf(period, statementDay, weekdays);
    if (date.sendOn >= today) return date;
  }
  return statementDateOf(shiftPeriod(thisMonth, 2), statementDay, weekdays);
}

/** "the 1st", "the 22nd", "the last day": the setting in words. */
export function statementDayInWords(statementDay: number): string {
  if (statementDay === LAST_DAY_OF_MONTH) return "the last day";
  const suffix = statementDay % 10 === 1 && statementDay !== 11 ? "st" : statementDay % 10 === 2 && statementDay !== 12 ? "nd" : statementDay % 10 === 3 && statementDay !== 13 ? "rd" : "th";
  return `the ${statementDay}${suffix}`;
}

/** "Monday 2 March 2026 (February's statement: 28 February is not a sending day)". */
export function describeStatementDate(date: StatementDate, locale: string) {
  const when = formatDay(date.sendOn, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  if (date.sendOn === date.scheduledOn) return when;
  const month = formatDay(`${date.period}-01`, locale, { month: "long" });
  return `${when} (${month}'s statement: ${formatDay(date.scheduledOn, locale, { weekday: "long", day: "numeric", month: "long" })} is not a sending day)`;
}
