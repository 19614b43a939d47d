// "12 minutes ago", with the exact moment (in the organisation's time zone)
// on hover and for screen readers.
import { formatMoment } from "~/display/format";

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
  return formatMoment(at, "en-GB", timeZone, { withZoneName: true });
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
