// Only same-site paths may be redirect targets taken from a request, so a
// crafted link can't bounce a signed-in user to another site.
const DEFAULT_REDIRECT = "/";

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string = DEFAULT_REDIRECT) {
  if (!to || typeof to !== "string") return fallback;
  const trimmed = to.trim();
  if (!trimmed.startsWith("/") || trimmed.startsWith("//") || trimmed.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(trimmed)) return fallback;
  return trimmed;
}
