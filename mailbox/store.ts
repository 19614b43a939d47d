// Received messages, newest kept: in memory, and optionally as .eml files (with
// an envelope sidecar) so a dev mailbox survives restarts.
//
// A message is kept as it arrived, raw, before the SMTP server answers 250 (a
// sender's record of what was handed over must be able to trust that answer),
// and parsed only when someone reads it, once: like a real relay, the mailbox
// does not take a message apart to accept it, so a sender in a hurry doesn't
// wait for (or share its CPU with) MIME parsing nobody asked for yet.
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

/** A message as accepted: its source and envelope; what it says is read on demand. */
export interface StoredMessage {
  id: string;
  receivedAt: Date;
  envelope: Envelope;
  raw: Buffer;
  parsed?: Promise<ReceivedMessage>;
}

export class MessageStore {
  /** Oldest first, so trimming drops from the front. */
  private readonly received: StoredMessage[] = [];

  private constructor(private readonly options: MessageStoreOptions) {}

  static async open(options: MessageStoreOptions): Promise<MessageStore> {
    const store = new MessageStore(options);
    if (options.storageDir) {
      await fs.mkdir(options.storageDir, { recursive: true });
      await store.load(options.storageDir);
    }
    return store;
  }

  /** Keeps the message (on disk too, when configured); resolves once it is kept, so the server may answer 250. */
  async add(raw: Buffer, envelope: Envelope): Promise<StoredMessage> {
    const receivedAt = new Date();
    // Time first, so file names sort in arrival order.
    const id = `${receivedAt.getTime().toString(36)}-${crypto.randomBytes(4).toString("hex")}`;
    if (this.options.storageDir) {
      const sidecar: Sidecar = { receivedAt: receivedAt.toISOString(), envelope };
      await fs.writeFile(this.file(id, ".eml"), raw);
      await fs.writeFile(this.file(id, ".json"), JSON.stringify(sidecar));
    }
    const message: StoredMessage = { id, receivedAt, envelope, raw };
    this.received.push(message);
    await this.trim();
    return message;
  }

  /** Newest first; `to` keeps messages delivered to that address (envelope recipients, so Bcc counts). */
  async list(filter: { to?: string } = {}): Promise<ReceivedMessage[]> {
    const to = filter.to?.trim().toLowerCase();
    const matching = to
      ? this.received.filter((message) => message.envelope.rcptTo.some((rcpt) => rcpt.toLowerCase() === to))
      : this.received;
    return Promise.all([...matching].reverse().map((message) => this.read(message)));
  }

  async get(id: string): Promise<ReceivedMessage | undefined> {
    const message = this.received.find((each) => each.id === id);
    return message && this.read(message);
  }

  /** The message parsed, the first time it is asked for. */
  read(message: StoredMessage): Promise<ReceivedMessage> {
    message.parsed ??= parseMessage(message.raw, message.envelope, message.id, message.receivedAt);
    return message.parsed;
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
        this.received.push({ id, receivedAt: new Date(sidecar.receivedAt), envelope: sidecar.envelope, raw });
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
