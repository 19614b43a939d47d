// The per-response CSP nonce, handed from entry.server to the document so
// Remix's inline scripts may run. In the browser it is empty: browsers hide
// nonce attributes from scripts, and hydration does not need it.
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
