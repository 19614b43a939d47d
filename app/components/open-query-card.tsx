// A customer's unresolved query on the invoice page: their words, when they
// wrote them, and (for admins) the button that resolves it and resumes reminders.
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "./button";

export function OpenQueryCard({ query, canResolve }: { query: { id: string; message: string; at: string }; canResolve: boolean }) {
  const navigation = useNavigation();
  const resolving = navigation.state !== "idle" && navigation.formData?.get("queryId") === query.id;
  return (
    <section aria-labelledby="open-query" className="rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h2 id="open-query" className="text-base font-semibold text-amber-950">
        The customer queried this invoice
      </h2>
      <p className="mt-1 text-sm text-amber-900">{query.at} · No reminders go until the query is resolved.</p>
      <blockquote className="mt-3 whitespace-pre-line break-words border-l-4 border-amber-300 pl-3 text-sm text-slate-900">{query.message}</blockquote>
      {canResolve ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="resolve_query" />
          <input type="hidden" name="queryId" value={query.id} />
          <Button type="submit" variant="secondary" disabled={resolving}>
            {resolving ? "Resolving…" : "Mark resolved and resume reminders"}
          </Button>
        </Form>
      ) : null}
    </section>
  );
}
