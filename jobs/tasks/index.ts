// The worker's task list: one file per task, named entity_verb.
import type { TaskList } from "graphile-worker";

export const taskList: TaskList = {};
