// "Send the next reminder now" on an invoice's page (a ConfirmedSend).
import { ConfirmedSend } from "./confirmed-send";

export type SendNowState = { ok: true; step: string; to: string; invoiceNumber: string } | { ok: false; message: string };

export function SendNowControl({ state }: { state: SendNowState }) {
  return (
    <ConfirmedSend
      label="Send the next reminder now"
      title="Send the next reminder now?"
      intent="send_now"
      confirmLabel="Send now"
      refusal={state.ok ? null : state.message}
      refusalTestId="send-now-refusal"
    >
      {state.ok ? (
        <>
          <p>
            Solido checks with Xero that invoice {state.invoiceNumber} is still unpaid, then emails the next reminder ({state.step}) to {state.to}{" "}
            straight away, outside your send window.
          </p>
          <p>It counts as that step of the schedule: the next scheduled reminder follows from it.</p>
        </>
      ) : null}
    </ConfirmedSend>
  );
}
