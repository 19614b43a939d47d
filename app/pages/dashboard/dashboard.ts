// The dashboard's data as the browser receives it, for its section components.
import type { useLoaderData } from "@remix-run/react";
import type { loadDashboard } from "./page.server";

export type DashboardData = ReturnType<typeof useLoaderData<typeof loadDashboard>>;
