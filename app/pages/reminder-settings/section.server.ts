// What every section of Settings → Reminders shares on the server: the
// workspace's today, and the context an action handler gets (who asks, the
// form, the schedule its page edits, and the two ways to answer: a redirect
// with a toast, or field errors).
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import type { users, workspaces } from "~db/schema";
import { flashToast } from "~/http/session.server";

export type FieldErrors = Record<string, string>;

export type Workspace = typeof workspaces.$inferSelect;

/** The organisation's calendar day, as YYYY-MM-DD. */
export const localToday = (timeZone: string, now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

export const fieldErrors = (error: z.ZodError): FieldErrors => Object.fromEntries(error.issues.map((issue) => [issue.path.join("."), issue.message]));

/** What an action answers when it does not redirect: the form's intent, its field errors and, for branding, what was typed. */
export type ActionResult = { intent: string; errors: FieldErrors; values?: Record<string, string> | null };

export type SectionAction = {
  request: Request;
  user: Pick<typeof users.$inferSelect, "id" | "email">;
  workspace: Workspace;
  intent: string;
  form: FormData;
  /** The form's text fields. */
  fields: Record<string, string>;
  /** The schedule the page edits: the default one on Settings → Reminders, a contact group's on that group's page. */
  scheduleId: string;
  /** The page the form was on, to go back to after a change. */
  back: string;
};

export type ActionOutcome = Response | ReturnType<typeof data<ActionResult>>;
export type ActionHandler = (action: SectionAction) => Promise<ActionOutcome>;

export const settingsPath = (workspace: Pick<Workspace, "slug">) => `/w/${workspace.slug}/settings/reminders`;

/** A contact group's schedule's own page. */
export const schedulePath = (workspace: Pick<Workspace, "slug">, scheduleId: string) => `${settingsPath(workspace)}/schedules/${scheduleId}`;

/** Back to the page with a success toast. */
export const done = async ({ request, back }: SectionAction, message: string) => redirect(back, { headers: await flashToast(request, { kind: "success", message }) });

/** Back to the page with an error toast: something outside the form failed (an email could not be sent). */
export const failed = async ({ request, back }: SectionAction, message: string) => redirect(back, { headers: await flashToast(request, { kind: "error", message }) });

/** The form's field errors, with status 400. */
export const invalid = ({ intent }: SectionAction, error: z.ZodError) => data<ActionResult>({ intent, errors: fieldErrors(error) }, { status: 400 });

/** One error on one field, with status 400. */
export const refuse = ({ intent }: SectionAction, errors: FieldErrors, values?: Record<string, string> | null) =>
  data<ActionResult>(values === undefined ? { intent, errors } : { intent, errors, values }, { status: 400 });
