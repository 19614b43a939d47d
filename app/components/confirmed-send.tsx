// A "send it now" button that asks first, or, when the engine says no, the
// same button switched off with the reason beside it. Posts its intent with a
// fetcher and closes the dialog; the server confirms with a toast. Serves
// "Send the next reminder now" (an invoice) and "Send statement now" (a customer).
import { useFetcher } from "@remix-run/react";
import { useId, useState, type ReactNode } from "react";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

export function ConfirmedSend({
  label,
  title,
  intent,
  confirmLabel,
  refusal,
  refusalTestId,
  children,
}: {
  label: string;
  title: string;
  intent: string;
  confirmLabel: string;
  /** Why it cannot be sent now, or null when it can. */
  refusal: string | null;
  refusalTestId: string;
  /** What pressing it does, in the dialog. */
  children: ReactNode;
}) {
  const fetcher = useFetcher();
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  const sending = fetcher.state !== "idle";
  if (refusal !== null) {
    return (
      <div className="space-y-1">
        <Button variant="secondary" disabled aria-describedby={reasonId}>
          {label}
        </Button>
        <p id={reasonId} className="text-sm text-slate-600" data-testid={refusalTestId}>
          {refusal}
        </p>
      </div>
    );
  }
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title={title}
      trigger={
        <Button variant="secondary" disabled={sending}>
          {sending ? "Sending…" : label}
        </Button>
      }
      confirm={
        <fetcher.Form method="post" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value={intent} />
          <Button type="submit">{confirmLabel}</Button>
        </fetcher.Form>
      }
    >
      {children}
    </ConfirmDialog>
  );
}
