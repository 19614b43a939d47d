// The reminder tasks take their clock as an argument: the worker passes the
// real one, tests a day of their choosing (no faked global time).
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Every reminder task, so a crashed worker's jobs of these kinds can be found and freed. */
export const REMINDER_TASKS = ["reminders_plan", "reminder_emails_prepare", "reminder_email_send", "reminder_history_note", "reminder_emails_sweep"];
