/** Joins the class names that are set; lets components accept a `className` override. */
export function cx(...names: (string | false | null | undefined)[]) {
  return names.filter(Boolean).join(" ");
}
