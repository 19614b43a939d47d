// Development persistence: the store is snapshotted to one JSON file, written a moment after the
// last change (debounced) and atomically (temp file + rename), so a restart keeps the demo's state.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxStore, StoredState } from "./store";

const WRITE_DELAY_MS = 250;

export interface StatePersistence {
  /** Writes any pending change now (on shutdown). */
  flush(): void;
}

/** Loads `file` into the store (seeding the demo if there is none) and saves every later change. */
export function persistToFile(store: SandboxStore, file: string): StatePersistence {
  const loaded = readState(file);
  if (loaded) store.restore(loaded);
  else store.reset();

  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(store.toStoredState()));
    renameSync(temporary, file);
  };
  store.onDirty(() => {
    timer ??= setTimeout(write, WRITE_DELAY_MS);
    timer.unref();
  });
  if (!loaded) write();
  return {
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
  };
}

function readState(file: string): StoredState | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const state = JSON.parse(text) as StoredState;
  // A snapshot from an incompatible sandbox version is discarded rather than half-read.
  return state.version === 1 ? state : undefined;
}
