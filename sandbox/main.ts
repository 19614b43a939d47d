// `npm run sandbox`: the Xero sandbox as a standalone process, configured from SANDBOX_* variables.
import { settingsFromEnv } from "./config";
import { DEMO_USERS } from "./demo-data";
import { startSandbox } from "./server";

const settings = settingsFromEnv();
const sandbox = await startSandbox({ ...settings, hostname: process.env.SANDBOX_HOST ?? "127.0.0.1" });

console.log(`Xero sandbox listening on ${sandbox.url}
  Point the app at it with:
    XERO_IDENTITY_URL=${sandbox.url}
    XERO_API_URL=${sandbox.url}
    XERO_CLIENT_ID=${settings.clientId}
    XERO_CLIENT_SECRET=${settings.clientSecret}
    XERO_WEBHOOK_KEY=${settings.webhookKey}
  Demo users: ${DEMO_USERS.map((user) => user.email).join(", ")}
  Webhooks: ${settings.webhookUrl ?? "off"}   State: ${settings.stateFile ?? "in memory"}
  Control API: ${sandbox.url}/__sandbox/state`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
