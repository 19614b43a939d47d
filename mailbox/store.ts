// Received messages, newest kept: in memory, and optionally as .eml files (with
// an envelope sidecar) so a dev mailbox survives restarts.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseMessage, type Envelope, type ReceivedMessage } from "./parse";

export interface MessageStoreOptions {
  /** Directory for .eml files; null keeps messages in memory only. */
  storageDir: string | null;
  maxMessages: number;
  log: (line: string) => void;
}

interface Sidecar {
  receivedAt: string;
  envelope: Envelope;
}

export class MessageStore {
  /** Oldest first, so trimming drops from the front. */
  private readonly received: ReceivedMessage[] = [];

  private constructor(private readonly options: MessageStoreOptions) {}

  static async open(options: MessageStoreOptions): Promise<MessageStore> {
    const store = new MessageStore(options);
    if (options.storageDir) {
      await fs.mkdir(options.storageDir, { recursive: true });
      await store.load(options.storageDir);
    }
    return store;
  }

  async add(raw: Buffer, envelope: Envelope): Promise<ReceivedMessage> {
    const receivedAt = new Date();
    // Time first, so file names sort in arrival order.
    const id = `${receivedAt.getTime().toString(36)}-${crypto.randomBytes(4).toString("hex")}`;
    const message = await parseMessage(raw, envelope, id, receivedAt);
    if (this.options.storageDir) {
      const sidecar: Sidecar = { receivedAt: message.receivedAt, envelope };
      await fs.writeFile(this.file(id, ".eml"), raw);
      await fs.writeFile(this.file(id, ".json"), JSON.stringify(sidecar));
    }
    this.received.push(message);
    await this.trim();
    return message;
  }

  /** Newest first; `to` keeps messages delivered to that address (envelope recipients, so Bcc counts). */
  list(filter: { to?: string } = {}): ReceivedMessage[] {
    const to = filter.to?.trim().toLowerCase();
    const matching = to
      ? this.received.filter((message) => message.envelope.rcptTo.some((rcpt) => rcpt.toLowerCase() === to))
      : this.received;
    return [...matching].reverse();
  }

  get(id: string): ReceivedMessage | undefined {
    return this.received.find((message) => message.id === id);
  }

  async clear(): Promise<void> {
    const removed = this.received.splice(0);
    await Promise.all(removed.map((message) => this.remove(message.id)));
  }

  private async trim() {
    const excess = this.received.length - this.options.maxMessages;
    if (excess <= 0) return;
    const dropped = this.received.splice(0, excess);
    await Promise.all(dropped.map((message) => this.remove(message.id)));
  }

  private async load(storageDir: string) {
    const ids = (await fs.readdir(storageDir))
      .filter((name) => name.endsWith(".eml"))
      .map((name) => name.slice(0, -".eml".length))
      .sort();
    for (const id of ids) {
      try {
        const raw = await fs.readFile(this.file(id, ".eml"));
        const sidecar = JSON.parse(await fs.readFile(this.file(id, ".json"), "utf8")) as Sidecar;
        this.received.push(await parseMessage(raw, sidecar.envelope, id, new Date(sidecar.receivedAt)));
      } catch (error) {
        // One unreadable file should not keep the mailbox from starting.
        this.options.log(`mailbox: skipped ${id}.eml: ${String(error)}`);
      }
    }
    await this.trim();
  }

  private async remove(id: string) {
    if (!this.options.storageDir) return;
    await fs.rm(this.file(id, ".eml"), { force: true });
    await fs.rm(this.file(id, ".json"), { force: true });
  }

  private file(id: string, extension: ".eml" | ".json") {
    return path.join(this.options.storageDir!, `${id}${extension}`);
  }
}
