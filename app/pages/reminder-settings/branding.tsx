// Settings → Reminders, "Branding".
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { FieldError, inputClass, labelClass, type FieldErrors } from "./fields";
import type { ReminderSettings } from "./settings";

const LOGO_TYPES = "image/png,image/jpeg,image/gif,image/webp";

/** Sender, reply-to, colour and logo: an uploaded image (kept by Solido) or the address of one the business hosts. */
function BrandingForm({ settings, errors, values, busy }: { settings: ReminderSettings; errors?: FieldErrors; values: Record<string, string> | null; busy: boolean }) {
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
          <input name="replyToEmail" type="email" className={inputClass} defaultValue={initial.replyToEmail} placeholder="accounts@yourbusiness.com" aria-describedby="replyToEmail-help" />
          <span id="replyToEmail-help" className="mt-1 block text-xs font-normal text-slate-600">
            Customers' replies go straight here; Solido never reads them. Empty: the address of whoever connected Xero.
          </span>
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

export function BrandingCard({ settings, errors, values, busy }: { settings: ReminderSettings; errors: (intent: string) => FieldErrors | undefined; values: Record<string, string> | null; busy: boolean }) {
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold text-slate-900">Branding</h2>
      <BrandingForm settings={settings} errors={errors("branding")} values={values} busy={busy} />
    </Card>
  );
}
