// Settings → Reminders: the go-live switch (with what would go out today),
// the schedule editor with a live preview of each step's email as the
// customer will see it, branding, the send window, and pausing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import { PAUSED_INDEFINITELY, isIndefinite, isPaused, setReminderPause } from "~/models/reminder-pauses.server";
import { requireWorkspace, requireWorkspaceAdmin } from "~/auth.server";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { findCustomersToPause, listPausedItems } from "~/models/paused-items.server";
import { displayName } from "~/display-name";
import { formatMoment } from "~/format";
import { chosenFile, LOGO_MAX_BYTES, readFormWithLogo, removeBrandLogo, saveBrandLogo, TOO_LARGE } from "~/models/brand-logos.server";
import { businessName, logoUrlOf } from "~/reminders/branding.server";
import { compareMoney, composeReminder, localeFor, PLACEHOLDERS, type ReminderInvoice } from "~/reminders/compose";
import { describeOffset, scheduleSchema, type StepDraft, type Tone } from "~/reminders/schedule";
import {
  listMinimumAmounts,
  listSteps,
  previewSubject,
  remindersOutlook,
  saveMinimumAmounts,
  saveSchedule,
  sendTestEmail,
  setReminderMode,
  updateWorkspaceReminderSettings,
} from "~/reminders/settings.server";
import { flashToast } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Reminders · Settings · Solido" }];

const localToday = (timeZone: string, now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  const now = new Date();
  const today = localToday(workspace.timeZone, now);
  const customerWords = (new URL(request.url).searchParams.get("customer") ?? "").trim().slice(0, 100);
  const [steps, minimums, outlook, preview, pausedItems, customerMatches] = await Promise.all([
    listSteps(workspace.id),
    listMinimumAmounts(workspace.id),
    remindersOutlook(workspace.id, now),
    previewSubject(workspace, today),
    listPausedItems(workspace.id, now),
    customerWords ? findCustomersToPause(workspace.id, customerWords, now) : Promise.resolve([]),
  ]);
  const locale = localeFor(workspace.countryCode);
  return {
    canChange: role !== "viewer",
    slug: workspace.slug,
    today,
    mode: workspace.reminderMode,
    timeZone: workspace.timeZone,
    locale: localeFor(workspace.countryCode),
    baseCurrency: workspace.baseCurrency ?? "NZD",
    branding: {
      businessName: businessName(workspace),
      senderName: workspace.senderName ?? "",
      replyToEmail: workspace.replyToEmail ?? "",
      brandColour: workspace.brandColour,
      /** The address typed in settings (empty when the logo was uploaded). */
      logoUrl: workspace.logoUrl ?? "",
      /** What emails show: the uploaded logo's public address, the typed one, or null. */
      logoShown: logoUrlOf(workspace),
      logoUploaded: workspace.logoSha256 !== null,
      logoMaxKilobytes: LOGO_MAX_BYTES / 1024,
    },
    window: { start: workspace.sendWindowStartHour, end: workspace.sendWindowEndHour, weekdays: workspace.sendWeekdays },
    pause: isPaused(workspace.remindersPausedUntil)
      ? {
          reason: workspace.remindersPausedReason,
          until: isIndefinite(workspace.remindersPausedUntil!) ? null : workspace.remindersPausedUntil!.toISOString(),
        }
      : null,
    steps: steps.map(({ id, offsetDays, subject, body, tone, enabled }) => ({ id, offsetDays, subject, body, tone, enabled })),
    minimums: minimums.map(({ currencyCode, minimumAmountDue }) => ({ currencyCode, minimumAmountDue })),
    outlook,
    preview,
    paused: {
      items: pausedItems.map((item) => ({
        kind: item.kind,
        id: item.id,
        contactName: item.contactName,
        invoiceNumber: item.invoiceNumber,
        until: isIndefinite(item.until) ? null : formatMoment(item.until, locale, workspace.timeZone),
        reason: item.reason,
        by: item.pausedBy ? displayName(item.pausedBy) : null,
        at: item.pausedAt ? formatMoment(item.pausedAt, locale, workspace.timeZone) : null,
      })),
      customerWords,
      customerMatches,
    },
  };
}

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e.");
const optionalEmail = z.union([z.literal(""), z.email("Enter an email address.")]);
const optionalHttpsUrl = z.union([z.literal(""), z.url({ protocol: /^https$/, error: "Use an https:// address." })]);

const intents = {
  schedule: z.object({ schedule: z.string().transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The schedule could not be read." });
      return z.NEVER;
    }
  }).pipe(scheduleSchema) }),
  branding: z.object({ senderName: z.string().trim().max(100), replyToEmail: optionalEmail, brandColour: hexColour, logoUrl: optionalHttpsUrl }),
  window: z
    .object({
      start: z.coerce.number().int().min(0).max(23),
      end: z.coerce.number().int().min(1).max(24),
      weekdays: z.array(z.coerce.number().int().min(1).max(7)).min(1, "Pick at least one day."),
    })
    .refine((window) => window.start < window.end, { path: ["end"], message: "The window must end after it starts." }),
  minimums: z.object({ currencyCode: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a three-letter currency code."), minimumAmountDue: z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, "Enter an amount like 25.00.") }),
  mode: z.object({ mode: z.enum(["preview", "live"]) }),
  "remove-logo": z.object({}),
  "pause-customer": z.object({
    contactId: z.uuid("Pick a customer to pause."),
    reason: z.string().trim().max(200),
    until: z.union([z.literal(""), z.iso.date("Pick a day.")]),
  }),
  "resume-item": z.object({ kind: z.enum(["contact", "invoice"]), id: z.uuid() }),
  pause: z.object({ reason: z.string().trim().min(1, "Say why, so your team knows.").max(200), until: z.union([z.literal(""), z.iso.date()]) }),
  resume: z.object({}),
  test: z.object({ stepIndex: z.coerce.number().int().min(0) }),
};

type FieldErrors = Record<string, string>;
const fieldErrors = (error: z.ZodError): FieldErrors => Object.fromEntries(error.issues.map((issue) => [issue.path.join("."), issue.message]));

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace } = await requireWorkspaceAdmin(request, params);
  const read = await readFormWithLogo(request);
  // Only the branding form carries a file, so only it can be too large.
  if (read.tooLarge) return data({ intent: "branding", errors: { logo: TOO_LARGE } as FieldErrors, values: null }, { status: 400 });
  const { form } = read;
  const intent = String(form.get("intent"));
  const back = `/w/${workspace.slug}/settings/reminders`;
  const done = async (message: string) => redirect(back, { headers: await flashToast(request, { kind: "success", message }) });
  const fields = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const invalid = (error: z.ZodError) => data({ intent, errors: fieldErrors(error) }, { status: 400 });

  switch (intent) {
    case "schedule": {
      const parsed = intents.schedule.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      await saveSchedule(workspace.id, parsed.data.schedule);
      return done("Schedule saved.");
    }
    case "branding": {
      // What was typed goes back with any error, so nothing on the form is lost.
      const values = { senderName: fields.senderName ?? "", replyToEmail: fields.replyToEmail ?? "", brandColour: fields.brandColour ?? "", logoUrl: fields.logoUrl ?? "" };
      const parsed = intents.branding.safeParse(fields);
      if (!parsed.success) return data({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
      const { senderName, replyToEmail, brandColour, logoUrl } = parsed.data;
      const logo = chosenFile(form, "logo");
      if (logo) {
        const saved = await saveBrandLogo(workspace.id, user.id, logo);
        if (!saved.ok) return data({ intent, errors: { logo: saved.error } as FieldErrors, values }, { status: 400 });
      }
      // One logo at a time: a file just uploaded wins; an address typed replaces an uploaded logo.
      const logoChange = logo ? {} : logoUrl ? { logoUrl, logoSha256: null } : { logoUrl: null };
      await updateWorkspaceReminderSettings(workspace.id, user.id, { senderName: senderName || null, replyToEmail: replyToEmail || null, brandColour, ...logoChange }, "reminders.branding_changed");
      return done(logo ? "Branding saved with your new logo." : "Branding saved.");
    }
    case "pause-customer": {
      const parsed = intents["pause-customer"].safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const { contactId, reason, until } = parsed.data;
      if (until && until <= localToday(workspace.timeZone, new Date())) return data({ intent, errors: { until: "Pick a day after today, or leave it empty to pause until you resume." } }, { status: 400 });
      const paused = await setReminderPause({ kind: "contact", id: contactId }, { workspaceId: workspace.id, userId: user.id, reason: reason || null, until: until ? new Date(`${until}T00:00:00Z`) : PAUSED_INDEFINITELY });
      if (!paused) throw new Response("Not found", { status: 404 });
      return done(`Reminders paused for ${paused.detail.contactName}.`);
    }
    case "resume-item": {
      const parsed = intents["resume-item"].safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const resumed = await setReminderPause({ kind: parsed.data.kind, id: parsed.data.id }, { workspaceId: workspace.id, userId: user.id, until: null });
      if (!resumed) throw new Response("Not found", { status: 404 });
      return done(parsed.data.kind === "contact" ? `Reminders resumed for ${resumed.detail.contactName}.` : `Reminders resumed for invoice ${resumed.detail.invoiceNumber ?? ""}.`);
    }
    case "remove-logo": {
      await removeBrandLogo(workspace.id, user.id);
      return done("Logo removed: reminders show your business's name instead.");
    }
    case "window": {
      const parsed = intents.window.safeParse({ ...fields, weekdays: form.getAll("weekdays") });
      if (!parsed.success) return invalid(parsed.error);
      const { start, end, weekdays } = parsed.data;
      await updateWorkspaceReminderSettings(workspace.id, user.id, { sendWindowStartHour: start, sendWindowEndHour: end, sendWeekdays: [...new Set(weekdays)].sort() }, "reminders.window_changed");
      return done("Send window saved.");
    }
    case "minimums": {
      const parsed = intents.minimums.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const others = (await listMinimumAmounts(workspace.id)).filter((row) => row.currencyCode !== parsed.data.currencyCode);
      // A minimum of zero removes the currency's minimum.
      const wanted = compareMoney(parsed.data.minimumAmountDue, "0") > 0 ? [parsed.data] : [];
      await saveMinimumAmounts(workspace.id, [...others, ...wanted]);
      return done(`Minimum for ${parsed.data.currencyCode} saved.`);
    }
    case "mode": {
      const parsed = intents.mode.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      await setReminderMode(workspace.id, user.id, parsed.data.mode, new Date());
      return done(parsed.data.mode === "live" ? "Reminders are on. Solido sends them in your send window." : "Reminders are off: Solido only shows what it would send.");
    }
    case "pause": {
      const parsed = intents.pause.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const until = parsed.data.until ? new Date(`${parsed.data.until}T00:00:00Z`) : null;
      await setReminderPause({ kind: "workspace" }, { workspaceId: workspace.id, userId: user.id, reason: parsed.data.reason, until: until ?? PAUSED_INDEFINITELY });
      return done("Reminders paused.");
    }
    case "resume": {
      await setReminderPause({ kind: "workspace" }, { workspaceId: workspace.id, userId: user.id, until: null });
      return done("Reminders resumed.");
    }
    case "test": {
      const parsed = intents.test.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const steps = await listSteps(workspace.id);
      const step = steps[parsed.data.stepIndex];
      if (!step) return data({ intent, errors: { stepIndex: "No such step." } }, { status: 400 });
      const sent = await sendTestEmail(workspace, user.email, step, localToday(workspace.timeZone, new Date()));
      if (!sent.ok) return redirect(back, { headers: await flashToast(request, { kind: "error", message: `The test email could not be sent: ${sent.message}` }) });
      return done(`Test email sent to ${user.email}.`);
    }
    default:
      return data({ intent, errors: { intent: "Unknown action." } }, { status: 400 });
  }
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;
const inputClass = "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600";
const labelClass = "block text-sm font-medium text-slate-800";

function FieldError({ errors, name }: { errors?: FieldErrors; name: string }) {
  const message = errors?.[name];
  return message ? (
    <p className="mt-1 text-sm text-red-700" role="alert">
      {message}
    </p>
  ) : null;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type EditableStep = StepDraft & { id?: string; key: string };

/** The step's email exactly as the customer sees it, rendered in the browser by the same template as it is typed. */
function StepPreview({ step, settings }: { step: EditableStep; settings: LoaderData }) {
  const html = useMemo(() => {
    const { preview, today, branding, locale } = settings;
    const dueDate = new Date(Date.parse(`${today}T00:00:00Z`) - (Number(step.offsetDays) || 0) * 86_400_000).toISOString().slice(0, 10);
    const invoice: ReminderInvoice = { ...preview.invoice, dueDate };
    try {
      const composed = composeReminder({
        branding: { businessName: branding.senderName || branding.businessName, logoUrl: branding.logoShown, accentColour: branding.brandColour, replyToEmail: branding.replyToEmail || null },
        locale,
        contactName: preview.contactName,
        step,
        today,
        invoices: [invoice],
      });
      return { subject: composed.subject, body: "<!DOCTYPE html>" + renderToStaticMarkup(composed.element) };
    } catch {
      return { subject: step.subject, body: "<p>Preview unavailable.</p>" };
    }
  }, [step, settings]);
  return (
    <div className="rounded-md border border-slate-200">
      <p className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
        <span className="font-medium">Subject:</span> {html.subject}
        {settings.preview.sample ? <span className="ml-2 text-slate-500">(sample invoice)</span> : null}
      </p>
      <iframe title={`Preview of the email ${describeOffset(step.offsetDays)}`} srcDoc={html.body} sandbox="" className="h-[28rem] w-full bg-white" />
    </div>
  );
}

function ScheduleEditor({ settings, errors }: { settings: LoaderData; errors?: FieldErrors }) {
  const [steps, setSteps] = useState<EditableStep[]>(() => settings.steps.map((step) => ({ ...step, key: step.id })));
  const [open, setOpen] = useState<string | null>(steps[0]?.key ?? null);
  const update = (key: string, change: Partial<StepDraft>) => setSteps((all) => all.map((step) => (step.key === key ? { ...step, ...change } : step)));
  const sorted = [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
  const payload = JSON.stringify(sorted.map(({ key: _key, ...step }) => ({ ...step, offsetDays: Number(step.offsetDays) })));
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value="schedule" />
      <input type="hidden" name="schedule" value={payload} />
      <p className="text-sm text-slate-600">
        Placeholders: {PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}. Steps go out in order of their day; no two on the same day.
      </p>
      <ol className="space-y-3">
        {sorted.map((step, index) => {
          const prefix = `schedule.${index}`;
          return (
            <li key={step.key} className="rounded-md border border-slate-200 p-4">
              <div className="flex flex-wrap items-center gap-3">
                <button type="button" className="text-left font-medium text-slate-900 underline-offset-2 hover:underline" aria-expanded={open === step.key} onClick={() => setOpen(open === step.key ? null : step.key)}>
                  {describeOffset(step.offsetDays)}: {step.subject}
                </button>
                <Badge tone={step.tone === "firm" ? "warning" : step.tone === "friendly" ? "success" : "neutral"}>{step.tone}</Badge>
                {!step.enabled ? <Badge>Off</Badge> : null}
              </div>
              <FieldError errors={errors} name={`${prefix}.offsetDays`} />
              {open === step.key ? (
                <div className="mt-4 grid gap-4 lg:grid-cols-2">
                  <div className="space-y-3">
                    <label className={labelClass}>
                      Days from the due date (negative = before)
                      <input type="number" className={inputClass} value={step.offsetDays} onChange={(event) => update(step.key, { offsetDays: Number(event.target.value) })} />
                    </label>
                    <label className={labelClass}>
                      Subject
                      <input className={inputClass} value={step.subject} onChange={(event) => update(step.key, { subject: event.target.value })} />
                    </label>
                    <FieldError errors={errors} name={`${prefix}.subject`} />
                    <label className={labelClass}>
                      Message
                      <textarea rows={9} className={inputClass} value={step.body} onChange={(event) => update(step.key, { body: event.target.value })} />
                    </label>
                    <FieldError errors={errors} name={`${prefix}.body`} />
                    <label className={labelClass}>
                      Tone
                      <select className={inputClass} value={step.tone} onChange={(event) => update(step.key, { tone: event.target.value as Tone })}>
                        <option value="friendly">Friendly</option>
                        <option value="neutral">Neutral</option>
                        <option value="firm">Firm</option>
                      </select>
                    </label>
                    <label className="flex items-center gap-2 text-sm text-slate-800">
                      <input type="checkbox" checked={step.enabled} onChange={(event) => update(step.key, { enabled: event.target.checked })} /> Send this step
                    </label>
                    <div className="flex gap-2">
                      <Button variant="secondary" onClick={() => setSteps((all) => all.filter((other) => other.key !== step.key))}>
                        Remove step
                      </Button>
                    </div>
                  </div>
                  <StepPreview step={step} settings={settings} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <FieldError errors={errors} name="schedule" />
      <div className="flex flex-wrap gap-3">
        <Button
          variant="secondary"
          onClick={() => {
            const offset = Math.max(0, ...steps.map((step) => step.offsetDays)) + 7;
            const key = `new-${Date.now()}`;
            setSteps((all) => [...all, { key, offsetDays: offset, tone: "neutral", enabled: true, subject: "Invoice {{invoice_number}} is {{days_overdue}} days overdue", body: "Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}} is now {{days_overdue}} days overdue.\n\n{{business_name}}" }]);
            setOpen(key);
          }}
        >
          Add a step
        </Button>
        <Button type="submit" disabled={!settings.canChange}>
          Save schedule
        </Button>
      </div>
    </Form>
  );
}

/** Every paused customer and invoice with why, until when and who paused it, Resume buttons, and a customer picker to pause one. */
function PausedItems({ settings, errors, busy }: { settings: LoaderData; errors?: FieldErrors; busy: boolean }) {
  const { items, customerWords, customerMatches } = settings.paused;
  return (
    <div className="mt-4 space-y-6">
      {items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600" data-testid="paused-empty">
          Nothing is paused: every customer and invoice gets its reminders on schedule.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Paused customers and invoices">
          {items.map((item) => (
            <li key={`${item.kind}-${item.id}`} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-testid="paused-item">
              <div className="text-sm">
                <p className="font-medium text-slate-900">
                  {item.kind === "contact" ? (
                    <Link className="underline-offset-2 hover:underline" to={`/w/${settings.slug}/contacts/${item.id}`}>
                      {item.contactName}
                    </Link>
                  ) : (
                    <>
                      <Link className="underline-offset-2 hover:underline" to={`/w/${settings.slug}/invoices/${item.id}`}>
                        Invoice {item.invoiceNumber ?? "(no number)"}
                      </Link>{" "}
                      <span className="font-normal text-slate-600">· {item.contactName}</span>
                    </>
                  )}{" "}
                  <Badge>{item.kind === "contact" ? "Customer" : "Invoice"}</Badge>
                </p>
                <p className="mt-1 text-slate-700">
                  Paused {item.until ? `until ${item.until}` : "until resumed"}
                  {item.reason ? `: ${item.reason}` : ""}
                </p>
                {item.by || item.at ? (
                  <p className="mt-0.5 text-xs text-slate-500">
                    Paused{item.by ? ` by ${item.by}` : ""}
                    {item.at ? ` on ${item.at}` : ""}
                  </p>
                ) : null}
              </div>
              {settings.canChange ? (
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="resume-item" />
                  <input type="hidden" name="kind" value={item.kind} />
                  <input type="hidden" name="id" value={item.id} />
                  <Button type="submit" variant="secondary" disabled={busy} aria-label={`Resume reminders for ${item.kind === "contact" ? item.contactName : `invoice ${item.invoiceNumber ?? ""}`}`}>
                    Resume
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {settings.canChange ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">Pause a customer</h3>
          <Form method="get" preventScrollReset className="flex flex-wrap items-end gap-3" role="search">
            <label className={labelClass}>
              Find a customer by name or email
              <input key={customerWords} name="customer" type="search" className={inputClass} defaultValue={customerWords} placeholder="e.g. Aroha" />
            </label>
            <Button type="submit" variant="secondary" disabled={busy}>
              Find
            </Button>
          </Form>
          {customerWords && customerMatches.length === 0 ? (
            <p className="text-sm text-slate-600">No customer who isn't already paused matches “{customerWords}”.</p>
          ) : null}
          {customerMatches.length > 0 ? (
            <Form method="post" preventScrollReset className="space-y-3">
              <input type="hidden" name="intent" value="pause-customer" />
              <fieldset>
                <legend className={labelClass}>Customer</legend>
                <div className="mt-1 space-y-1">
                  {customerMatches.map((customer, index) => (
                    <label key={customer.id} className="flex items-center gap-2 text-sm text-slate-800">
                      <input type="radio" name="contactId" value={customer.id} defaultChecked={index === 0} />
                      {customer.name}
                      {customer.emailAddress ? <span className="text-slate-500">({customer.emailAddress})</span> : null}
                    </label>
                  ))}
                </div>
                <FieldError errors={errors} name="contactId" />
              </fieldset>
              <div className="flex flex-wrap items-end gap-3">
                <label className={labelClass}>
                  Why (optional, for your team)
                  <input name="reason" maxLength={200} className={inputClass} placeholder="e.g. Paying in instalments" />
                </label>
                <label className={labelClass}>
                  until (optional)
                  <input name="until" type="date" className={inputClass} />
                  <FieldError errors={errors} name="until" />
                </label>
                <Button type="submit" disabled={busy}>
                  Pause reminders
                </Button>
              </div>
            </Form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const LOGO_TYPES = "image/png,image/jpeg,image/gif,image/webp";

/** Sender, reply-to, colour and logo: an uploaded image (kept by Solido) or the address of one the business hosts. */
function BrandingForm({ settings, errors, values, busy }: { settings: LoaderData; errors?: FieldErrors; values: Record<string, string> | null; busy: boolean }) {
  const { branding } = settings;
  // After an error, what was typed (the browser keeps it too; this covers a page without JavaScript).
  const initial = values ?? branding;
  return (
    <div className="mt-4 space-y-4">
      <Form method="post" encType="multipart/form-data" className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="branding" />
        <label className={labelClass}>
          Sender name
          <input name="senderName" className={inputClass} defaultValue={initial.senderName} placeholder={branding.businessName} />
          <FieldError errors={errors} name="senderName" />
        </label>
        <label className={labelClass}>
          Replies go to
          <input name="replyToEmail" type="email" className={inputClass} defaultValue={initial.replyToEmail} placeholder="accounts@yourbusiness.com" />
          <FieldError errors={errors} name="replyToEmail" />
        </label>
        <label className={labelClass}>
          Accent colour
          <input name="brandColour" type="color" className="mt-1 h-10 w-20" defaultValue={initial.brandColour || branding.brandColour} />
          <FieldError errors={errors} name="brandColour" />
        </label>
        <label className={labelClass}>
          Upload a logo
          <input name="logo" type="file" accept={LOGO_TYPES} className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800" aria-describedby="logo-help" />
          <span id="logo-help" className="mt-1 block text-xs font-normal text-slate-600">
            PNG, JPEG, GIF or WebP, up to {branding.logoMaxKilobytes} KB. Shown 48 pixels high.
          </span>
          <FieldError errors={errors} name="logo" />
        </label>
        <label className={labelClass}>
          …or the https address of a logo you host
          <input name="logoUrl" type="url" className={inputClass} defaultValue={initial.logoUrl} placeholder="https://…/logo.png" />
          <FieldError errors={errors} name="logoUrl" />
        </label>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={!settings.canChange || busy}>
            Save branding
          </Button>
        </div>
      </Form>
      {branding.logoShown ? (
        <div className="flex flex-wrap items-center gap-4 border-t border-slate-200 pt-4">
          <img src={branding.logoShown} alt={`Logo of ${branding.businessName}`} className="h-12 w-auto max-w-[12rem] object-contain" />
          <p className="text-sm text-slate-600">{branding.logoUploaded ? "Your uploaded logo is at the top of every reminder." : "The logo at your address is at the top of every reminder."}</p>
          {settings.canChange ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove-logo" />
              <Button type="submit" variant="secondary" disabled={busy}>
                Remove logo
              </Button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export default function ReminderSettings() {
  const settings = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors = (intent: string) => (actionData && "intent" in actionData && actionData.intent === intent ? (actionData.errors as FieldErrors) : undefined);
  const { outlook, pause } = settings;
  const brandingValues = actionData && "values" in actionData && actionData.intent === "branding" ? (actionData.values as Record<string, string> | null) : null;
  return (
    <div className="space-y-6">
      <Card className="p-6">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold text-slate-900">Sending</h2>
          {settings.mode === "live" ? <Badge tone="success">On</Badge> : <Badge tone="info">Preview only</Badge>}
          {pause ? <Badge tone="warning">Paused</Badge> : null}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {settings.mode === "live"
            ? "Solido emails your customers as their invoices reach each step of your schedule."
            : "Solido shows the reminders it would send, and sends nothing until reminders are turned on."}
        </p>
        <p className="mt-3 text-sm text-slate-800" data-testid="today-outlook">
          Today: {outlook.reminders} reminder{outlook.reminders === 1 ? "" : "s"} in {outlook.emails} email{outlook.emails === 1 ? "" : "s"}{" "}
          {settings.mode === "live" ? "due to go out" : "would go out"} between {hour(settings.window.start)} and {hour(settings.window.end)} ({settings.timeZone}).
          {" "}Invoices that missed several steps get only the latest one, once.
        </p>
        {settings.canChange ? (
          <div className="mt-4 flex flex-wrap gap-3">
            {settings.mode === "live" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="mode" />
                <Button type="submit" name="mode" value="preview" variant="secondary" disabled={busy}>
                  Turn reminders off
                </Button>
              </Form>
            ) : (
              <ConfirmDialog
                trigger={<Button>Turn reminders on</Button>}
                title="Start sending reminders?"
                confirm={
                  <Form method="post">
                    <input type="hidden" name="intent" value="mode" />
                    <Button type="submit" name="mode" value="live" disabled={busy}>
                      Turn on
                    </Button>
                  </Form>
                }
              >
                <p>
                  {outlook.reminders} reminder{outlook.reminders === 1 ? "" : "s"} in {outlook.emails} email{outlook.emails === 1 ? "" : "s"} would go out today, in your send window.
                </p>
              </ConfirmDialog>
            )}
            {pause ? (
              <Form method="post">
                <input type="hidden" name="intent" value="resume" />
                <Button type="submit" variant="secondary" disabled={busy}>
                  Resume reminders
                </Button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {pause ? (
          <p className="mt-3 text-sm text-amber-800">
            Paused: {pause.reason}
            {pause.until ? ` (until ${pause.until.slice(0, 10)})` : ""}.
          </p>
        ) : settings.canChange ? (
          <Form method="post" className="mt-4 flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="pause" />
            <label className={labelClass}>
              Pause all reminders because
              <input name="reason" className={inputClass} placeholder="e.g. End-of-year break" />
            </label>
            <label className={labelClass}>
              until (optional)
              <input name="until" type="date" className={inputClass} />
            </label>
            <Button type="submit" variant="secondary" disabled={busy}>
              Pause
            </Button>
            <FieldError errors={errors("pause")} name="reason" />
          </Form>
        ) : null}
        {outlook.attentionCount > 0 ? (
          <div className="mt-5">
            <h3 className="text-sm font-semibold text-slate-900">Needs attention ({outlook.attentionCount})</h3>
            <ul className="mt-2 space-y-1 text-sm text-slate-700">
              {outlook.attention.map((item, index) => (
                <li key={index}>
                  {item.invoiceNumber ?? "Invoice"} · {item.contactName}: {item.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Paused customers and invoices</h2>
        <p className="mt-1 text-sm text-slate-600">Solido sends these no reminders until the day shown or until you resume them. Everything else carries on.</p>
        <PausedItems settings={settings} errors={errors("pause-customer")} busy={busy} />
      </Card>

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Schedule</h2>
        <div className="mt-4">
          <ScheduleEditor settings={settings} errors={errors("schedule")} />
        </div>
        {settings.canChange ? (
          <Form method="post" className="mt-6 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
            <input type="hidden" name="intent" value="test" />
            <label className={labelClass}>
              Send me a test email of
              <select name="stepIndex" className={inputClass}>
                {settings.steps.map((step, index) => (
                  <option key={step.id} value={index}>
                    {describeOffset(step.offsetDays)}
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" variant="secondary" disabled={busy}>
              Send test email
            </Button>
          </Form>
        ) : null}
      </Card>

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Branding</h2>
        <BrandingForm settings={settings} errors={errors("branding")} values={brandingValues} busy={busy} />
      </Card>

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">When reminders go out</h2>
        <p className="mt-1 text-sm text-slate-600">In your organisation's time zone ({settings.timeZone}). A step that falls on a day off goes out on the next send day.</p>
        <Form method="post" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="window" />
          <div className="flex flex-wrap gap-4">
            <label className={labelClass}>
              From
              <select name="start" className={inputClass} defaultValue={settings.window.start}>
                {Array.from({ length: 24 }, (_, h) => (
                  <option key={h} value={h}>
                    {hour(h)}
                  </option>
                ))}
              </select>
            </label>
            <label className={labelClass}>
              Until
              <select name="end" className={inputClass} defaultValue={settings.window.end}>
                {Array.from({ length: 24 }, (_, h) => (
                  <option key={h + 1} value={h + 1}>
                    {hour(h + 1)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FieldError errors={errors("window")} name="end" />
          <fieldset className="flex flex-wrap gap-3">
            <legend className={labelClass}>Days</legend>
            {WEEKDAYS.map((day, index) => (
              <label key={day} className="flex items-center gap-1 text-sm text-slate-800">
                <input type="checkbox" name="weekdays" value={index + 1} defaultChecked={settings.window.weekdays.includes(index + 1)} /> {day}
              </label>
            ))}
          </fieldset>
          <FieldError errors={errors("window")} name="weekdays" />
          <Button type="submit" disabled={!settings.canChange || busy}>
            Save send window
          </Button>
        </Form>
      </Card>

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Minimum amount due</h2>
        <p className="mt-1 text-sm text-slate-600">No reminder is sent for an invoice with less than this left to pay, per currency.</p>
        <ul className="mt-2 text-sm text-slate-700">
          {settings.minimums.map((row) => (
            <li key={row.currencyCode}>
              {row.currencyCode}: {row.minimumAmountDue}
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="minimums" />
          <label className={labelClass}>
            Currency
            <input name="currencyCode" className={inputClass} defaultValue={settings.baseCurrency} maxLength={3} />
          </label>
          <label className={labelClass}>
            Minimum
            <input name="minimumAmountDue" className={inputClass} inputMode="decimal" placeholder="25.00" />
          </label>
          <Button type="submit" variant="secondary" disabled={!settings.canChange || busy}>
            Save minimum
          </Button>
          <FieldError errors={errors("minimums")} name="minimumAmountDue" />
          <FieldError errors={errors("minimums")} name="currencyCode" />
        </Form>
      </Card>
    </div>
  );
}
