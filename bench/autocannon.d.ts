// The part of autocannon's API (it ships no types) that bench/dashboard.ts uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type Client = EventEmitter & {
    /** Writes the client's next request; autocannon's clock for it starts here. Not public API: see bench/dashboard.ts. */
    _doRequest(): void;
  };

  export type Options = {
    url: string;
    connections: number;
    /** Requests in all, shared between the connections; the run ends when they are answered. */
    amount: number;
    headers?: Record<string, string>;
    /** Seconds before an unanswered request counts as a timeout. */
    timeout?: number;
    /** Milliseconds between autocannon's samples; the run is noticed to be over at the next one. */
    sampleInt?: number;
    setupClient?: (client: Client) => void;
    verifyBody?: (body: string) => boolean;
  };

  export type Result = { errors: number; timeouts: number; mismatches: number; non2xx: number };

  export type Instance = EventEmitter &
    PromiseLike<Result> & {
      on(event: "response", listener: (client: Client, statusCode: number, bytes: number, milliseconds: number) => void): Instance;
    };

  export default function autocannon(options: Options): Instance;
}
