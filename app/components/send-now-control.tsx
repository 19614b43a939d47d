// "Send the next reminder now" on an invoice's page: a button that asks first,
// or, when the engine says no, the same button switched off with the reason
// beside it. Posts with a fetcher; the server confirms with a toast.
import { useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

export type SendNowState = { ok: true; step: string; to: string; invoiceNumber: string } | { ok: false; message: string };

export function SendNowControl({ state }: { state: SendNowState }) {
  const fetcher = useFetcher();
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  const sending = fetcher.state !== "idle";
  if (!state.ok) {
    return (
      <div className="space-y-1">
        <Button variant="secondary" disabled aria-describedby={reasonId}>
          Send the next reminder now
        </Button>
        <p id={reasonId} className="text-sm text-slate-600" data-testid="send-now-refusal">
          {state.message}
        </p>
      </div>
    );
  }
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title="Send the next reminder now?"
      trigger={
        <Button variant="secondary" disabled={sending}>
          {sending ? "Sending…" : "Send the next reminder now"}
        </Button>
      }
      confirm={
        <fetcher.Form method="post" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value="send_now" />
          <Button type="submit">Send now</Button>
        </fetcher.Form>
      }
    >
      <p>
        Solido checks with Xero that invoice {state.invoiceNumber} is still unpaid, then emails the next reminder ({state.step}) to {state.to}{" "}
        straight away, outside your send window.
      </p>
      <p>It counts as that step of the schedule: the next scheduled reminder follows from it.</p>
    </ConfirmDialog>
  );
}
