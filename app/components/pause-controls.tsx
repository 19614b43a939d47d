// Pause or resume reminders for an invoice or a customer. Posts with a fetcher
// and shows the new state at once (optimistic): the server confirms with a toast.
import * as Dialog from "@radix-ui/react-dialog";
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { Button } from "./button";

export function PauseControls({
  paused,
  pausedWords,
  subject,
  disabled,
}: {
  paused: boolean;
  /** e.g. "Paused until 3 May 2025" */
  pausedWords: string | null;
  /** What is paused, for the labels: "this invoice", "Acme Ltd". */
  subject: string;
  /** Viewers see the state but not the controls. */
  disabled?: boolean;
}) {
  const fetcher = useFetcher();
  const [open, setOpen] = useState(false);
  const pending = fetcher.formData?.get("intent");
  const showPaused = pending ? pending === "pause" : paused;
  if (disabled) return showPaused && pausedWords ? <p className="text-sm text-amber-900">{pausedWords}</p> : null;
  if (showPaused) {
    return (
      <fetcher.Form method="post" className="flex flex-wrap items-center gap-3">
        <p className="text-sm text-amber-900" data-testid="paused-state">{pending ? "Reminders paused" : pausedWords}</p>
        <input type="hidden" name="intent" value="resume" />
        <Button type="submit" variant="secondary" disabled={Boolean(pending)}>
          Resume reminders
        </Button>
      </fetcher.Form>
    );
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="secondary">Pause reminders</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl focus:outline-none">
          <Dialog.Title className="text-lg font-semibold text-slate-900">Pause reminders for {subject}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-700">
            Solido sends no reminders while paused. Everything else — syncing, payments — carries on.
          </Dialog.Description>
          <fetcher.Form method="post" className="mt-4 space-y-4" onSubmit={() => setOpen(false)}>
            <input type="hidden" name="intent" value="pause" />
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
              For how long
              <select name="duration" defaultValue="indefinitely" className="rounded-md border border-slate-300 px-3 py-2 font-normal">
                <option value="7">One week</option>
                <option value="30">30 days</option>
                <option value="indefinitely">Until I resume them</option>
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
              Why (optional, for your team)
              <input name="reason" maxLength={200} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
            </label>
            <div className="flex justify-end gap-3">
              <Dialog.Close asChild>
                <Button variant="secondary">Cancel</Button>
              </Dialog.Close>
              <Button type="submit">Pause reminders</Button>
            </div>
          </fetcher.Form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
