// Measures the bytes of each Xero response, notes when it arrived, and bounds how long a call may hang.
// xero-node's generated AccountingApi calls the global axios itself and hands
// back only the parsed body, and it sets no timeout, so both are done with one
// axios request interceptor. It acts only on calls the gateway makes inside
// `metered()` (found through AsyncLocalStorage); every other axios call is
// left alone.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import type { AxiosStatic, InternalAxiosRequestConfig } from "axios";

export type CallMeter = {
  bytes: number;
  timeoutMs: number;
  /** performance.now() when Xero's answer (any status) had arrived, before it was parsed: the budget books the call by it. */
  answeredAt?: number;
};

const currentCall = new AsyncLocalStorage<CallMeter>();
// xero-node is CommonJS and requires axios's CommonJS build, a different
// object from the ES module `import axios` gives: intercept that one.
const axiosUsedByXeroNode = createRequire(import.meta.url)("axios") as AxiosStatic;

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  axiosUsedByXeroNode.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    const meter = currentCall.getStore();
    if (!meter) return config;
    config.timeout = meter.timeoutMs;
    const parse = config.transformResponse ?? axiosUsedByXeroNode.defaults.transformResponse ?? [];
    const countBytes = (data: unknown) => {
      meter.answeredAt ??= performance.now();
      // The raw body, before JSON parsing: Xero's data egress for this call.
      if (typeof data === "string") meter.bytes += Buffer.byteLength(data);
      else if (data instanceof ArrayBuffer || Buffer.isBuffer(data)) meter.bytes += data.byteLength;
      return data;
    };
    config.transformResponse = [countBytes, ...(Array.isArray(parse) ? parse : [parse])];
    return config;
  });
}

/** Runs one xero-node call, counting the bytes of its response into `meter`. */
export function metered<T>(meter: CallMeter, call: () => Promise<T>): Promise<T> {
  install();
  return currentCall.run(meter, call);
}
