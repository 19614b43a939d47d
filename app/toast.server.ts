// Reads the one-time toast that an action flashed (session.server.ts
// `flashToast`). Reading a flash removes it, so the session is committed
// whenever there was one; otherwise no cookie is set.
import crypto from "node:crypto";
import type { Toast } from "~/components/toasts";
import { commitSession, getSession } from "./session.server";

export async function readToast(request: Request): Promise<{ toast: Toast | null; headers: HeadersInit }> {
  const session = await getSession(request);
  const flashed = session.get("toast");
  if (!flashed) return { toast: null, headers: {} };
  // A fresh id, so flashing the same words twice shows the toast twice.
  return {
    toast: { id: crypto.randomUUID(), ...flashed },
    headers: { "Set-Cookie": await commitSession(session) },
  };
}
