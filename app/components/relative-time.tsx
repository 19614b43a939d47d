// "12 minutes ago", with the exact moment (in the organisation's time zone)
// on hover and for screen readers.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

export function relativeTime(at: Date, now = new Date()) {
  const difference = at.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(difference) >= size) return format.format(Math.round(difference / size), unit);
  }
  return difference < 0 ? "just now" : "in a moment";
}

export function exactTime(at: Date, timeZone: string) {
  // Intl throws when timeZoneName is combined with dateStyle/timeStyle, so the parts are spelled out.
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
}

export function RelativeTime({ at, timeZone }: { at: string | Date; timeZone: string }) {
  const moment = new Date(at);
  return (
    // The server and the browser may round a moment apart differently.
    <time dateTime={moment.toISOString()} title={exactTime(moment, timeZone)} suppressHydrationWarning>
      {relativeTime(moment)}
    </time>
  );
}
