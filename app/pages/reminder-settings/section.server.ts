// What every section of Settings → Reminders shares on the server: the
// workspace's today, and the context an action handler gets (who asks, the
// form, and the two ways to answer: a redirect with a toast, or field errors).
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
};

export type ActionOutcome = Response | ReturnType<typeof data<ActionResult>>;
export type ActionHandler = (action: SectionAction) => Promise<ActionOutcome>;

export const settingsPath = (workspace: Workspace) => `/w/${workspace.slug}/settings/reminders`;

/** Back to the page with a success toast. */
export const done = async ({ request, workspace }: SectionAction, message: string) =>
  redirect(settingsPath(workspace), { headers: await flashToast(request, { kind: "success", message }) });

/** The form's field errors, with status 400. */
export const invalid = ({ intent }: SectionAction, error: z.ZodError) => data<ActionResult>({ intent, errors: fieldErrors(error) }, { status: 400 });

/** One error on one field, with status 400. */
export const refuse = ({ intent }: SectionAction, errors: FieldErrors, values?: Record<string, string> | null) =>
  data<ActionResult>(values === undefined ? { intent, errors } : { intent, errors, values }, { status: 400 });
