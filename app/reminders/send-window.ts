// When reminders can actually go: the workspace's send window (hours and
// weekdays, in the organisation's time zone). Every page that says "today"
// asks here first, so outside the window it says when the first ones will
// really go ("Monday 9:00 NZDT") instead of promising what the window forbids.
// No server-only imports: pages format the moment in the browser too.

export type SendWindow = { timeZone: string; startHour: number; endHour: number; weekdays: number[] };

export type SendMoment = {
  /** The first instant reminders can go: now when inside the window, else the next window's opening. */
  at: Date;
  /** Inside the window right now. */
  open: boolean;
  /** The organisation's local calendar day of that instant (YYYY-MM-DD): the day the planner plans for. */
  day: string;
};

/** A workspace row's window, as stored. */
export const sendWindowOf = (workspace: { timeZone: string; sendWindowStartHour: number; sendWindowEndHour: number; sendWeekdays: number[] }): SendWindow => ({
  timeZone: workspace.timeZone,
  startHour: workspace.sendWindowStartHour,
  endHour: workspace.sendWindowEndHour,
  weekdays: workspace.sendWeekdays,
});

const WEEKDAY_NUMBER: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * One formatter per kind and zone, made once: building an Intl.DateTimeFormat for a zone costs far more
 * than formatting with it (every page with an upcoming list asks for the next send moment: 0.6 ms of a
 * request's web CPU went to building these). Zones are few; the cache is cleared past a bound all the same.
 */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(kind: "parts" | "offset", timeZone: string) {
  const key = `${kind}|${timeZone}`;
  let format = zoneFormats.get(key);
  if (!format) {
    if (zoneFormats.size >= 500) zoneFormats.clear();
    format =
      kind === "parts"
        ? new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit" })
        : new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    zoneFormats.set(key, format);
  }
  return format;
}

/** The local date, hour and ISO weekday of an instant in a zone. */
export function localParts(instant: Date, timeZone: string) {
  const parts = zoneFormat("parts", timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) % 24, weekday: WEEKDAY_NUMBER[get("weekday")] };
}

/** The instant a local wall-clock hour of a day happens in a zone (the zone's offset found by formatting, twice across a change). */
export function zonedInstant(day: string, hour: number, timeZone: string): Date {
  const guess = new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  const offset = (instant: Date) => {
    const parts = zoneFormat("offset", timeZone).formatToParts(instant);
    const get = (type: string) => parts.find((part) => part.type === type)!.value;
    return Date.parse(`${get("year")}-${get("month")}-${get("day")}T${String(Number(get("hour")) % 24).padStart(2, "0")}:${get("minute")}:00Z`) - instant.getTime();
  };
  const first = new Date(guess.getTime() - offset(guess));
  return new Date(guess.getTime() - offset(first));
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The first moment at or after `now` that reminders can go out. */
export function nextSendMoment(window: SendWindow, now: Date): SendMoment {
  const local = localParts(now, window.timeZone);
  if (window.weekdays.includes(local.weekday) && local.hour >= window.startHour && local.hour < window.endHour) {
    return { at: now, open: true, day: local.day };
  }
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = addDays(local.day, ahead);
    if (!window.weekdays.includes(isoWeekday(day))) continue;
    if (ahead === 0 && local.hour >= window.startHour) continue;
    return { at: zonedInstant(day, window.startHour, window.timeZone), open: false, day };
  }
  // No weekday at all is not a window the settings allow; say "now" rather than never.
  return { at: now, open: true, day: local.day };
}

/** The first send day on or after `day` (YYYY-MM-DD): a step falling on a day off goes on the next send day. */
export function sendDayOnOrAfter(window: SendWindow, day: string): string {
  for (let ahead = 0; ahead < 7; ahead++) {
    const candidate = addDays(day, ahead);
    if (window.weekdays.includes(isoWeekday(candidate))) return candidate;
  }
  return day;
}

/**
 * The moment in words, for "first reminders go …": "now (until 17:00)", "today at 9:00 NZDT",
 * "tomorrow at 9:00 NZDT", "Monday 9:00 NZDT", or a date further off.
 */
export function describeSendMoment(moment: SendMoment, window: SendWindow, now: Date, locale = "en-NZ"): string {
  const hour = (h: number) => `${h}:00`;
  if (moment.open) return `now (until ${hour(window.endHour)})`;
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone: window.timeZone, timeZoneName: "short" }).formatToParts(moment.at).find((part) => part.type === "timeZoneName")?.value ?? window.timeZone;
  const today = localParts(now, window.timeZone).day;
  const time = `${hour(window.startHour)} ${zone}`;
  if (moment.day === today) return `today at ${time}`;
  if (moment.day === addDays(today, 1)) return `tomorrow at ${time}`;
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long" }).format(new Date(`${moment.day}T00:00:00Z`));
  if (moment.day <= addDays(today, 6)) return `${weekday} ${time}`;
  const date = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(new Date(`${moment.day}T00:00:00Z`));
  return `${date}, ${time}`;
}
