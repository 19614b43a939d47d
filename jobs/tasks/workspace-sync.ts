// workspace_sync: a first or incremental sync of one workspace from Xero,
// recorded in the sync run named by the payload. Runs in the tenant's queue,
// so never beside another Xero job for the same organisation.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { syncWorkspace } from "~/sync/sync-engine.server";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ workspaceId: z.uuid(), syncRunId: z.uuid() });

export const workspaceSync: Task = async (raw, helpers) => {
  const { syncRunId } = payload.parse(raw);
  const outcome = await whileAlive(helpers.job.locked_by, () => syncWorkspace(syncRunId));
  // A failed or skipped run is finished business (its row says why); the next
  // scheduled sync is the retry, so the job itself succeeds.
  helpers.logger.info(`sync run ${syncRunId}: ${outcome.status}${outcome.errorCode ? ` (${outcome.errorCode})` : ""}`);
};
