// Form pieces every section of Settings → Reminders uses.
import { useActionData, useNavigation } from "@remix-run/react";
import type { ActionResult, FieldErrors } from "./section.server";

export type { FieldErrors };

export const inputClass = "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600";
export const labelClass = "block text-sm font-medium text-slate-800";

export const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** A field's error, in words; `id` lets the field point at it (aria-describedby). */
export function FieldError({ errors, name, id }: { errors?: FieldErrors; name: string; id?: string }) {
  const message = errors?.[name];
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-700" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * What a page of sections (Settings → Reminders, a group's schedule) hands each section: the field errors
 * of the form that was sent, by its intent; what was typed into it, so nothing typed is lost; and whether
 * a form is on its way.
 */
export function useSectionForms() {
  const answer = useActionData() as ActionResult | undefined;
  const busy = useNavigation().state !== "idle";
  const errors = (intent: string) => (answer && answer.intent === intent ? answer.errors : undefined);
  const values = (intent: string) => (answer && answer.intent === intent ? (answer.values ?? null) : null);
  return { errors, values, busy };
}
