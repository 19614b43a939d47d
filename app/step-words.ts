/** A schedule step in words: "3 days before due", "On the due date", "7 days overdue". Shared by server and browser. */
export function describeStep(offsetDays: number) {
  if (offsetDays === 0) return "On the due date";
  const days = Math.abs(offsetDays);
  return offsetDays < 0 ? `${days} day${days === 1 ? "" : "s"} before due` : `${days} day${days === 1 ? "" : "s"} overdue`;
}
