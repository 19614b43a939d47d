// The page's data as the browser receives it, for the section components.
import type { useLoaderData } from "@remix-run/react";
import type { loadReminderSettings } from "./page.server";

export type ReminderSettings = ReturnType<typeof useLoaderData<typeof loadReminderSettings>>;
