// Shown on every page of a workspace whose Xero connection is not working:
// what it means for reminders, and (for admins) the way to fix it.
import { Form } from "@remix-run/react";
import { XeroSubmitButton } from "./xero-button";

export type BannerConnection = {
  status: "needs_reconnect" | "disconnected";
  since: string | null;
  timeZone: string;
};

const day = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone }).format(new Date(iso));

export function ConnectionBanner({ connection, slug, canChange }: { connection: BannerConnection; slug: string; canChange: boolean }) {
  const needsReconnect = connection.status === "needs_reconnect";
  const when = connection.since ? ` on ${day(connection.since, connection.timeZone)}` : "";
  return (
    <div
      role="status"
      data-testid="connection-banner"
      className={`mb-6 flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-center sm:justify-between ${
        needsReconnect ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-300 bg-slate-100 text-slate-900"
      }`}
    >
      <p className="text-sm">
        {needsReconnect ? (
          <>
            <strong>Xero needs reconnecting.</strong> Xero stopped accepting Solido's access{when}, so syncing and reminders are paused.
          </>
        ) : (
          <>
            <strong>Disconnected from Xero{when}.</strong> Syncing and reminders are stopped; everything below is as it was then.
          </>
        )}
      </p>
      {canChange ? (
        <Form method="post" action={`/w/${slug}/settings/integrations/connect`} className="shrink-0">
          <XeroSubmitButton>Reconnect Xero</XeroSubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
