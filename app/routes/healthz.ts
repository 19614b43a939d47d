// For load balancers and people: 200 while the database answers (status
// "degraded" when no worker has beaten recently), 503 when it doesn't.
import { checkHealth } from "~/models/health.server";

export async function loader() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "down" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
