// Everything the sandbox remembers: demo users, organisations' books, and the identity server's
// grants, refresh tokens and connections. In memory, with a JSON snapshot for persistence.
import { OrganisationBook, type BookSnapshot } from "./books";
import type { Clock } from "./clock";
import { DEMO_USERS, demoOrganisations } from "./demo-data";
import { generateLargeOrganisation, type LargeOrganisationSpec } from "./large-org";
import type { DemoUser, EpochMs, ResourceChange } from "./model";
import { newId } from "./random";

/** One user's consent to one app: the scopes granted and the chain of refresh tokens. */
export interface Grant {
  id: string;
  userId: string;
  clientId: string;
  scopes: string[];
  globalSessionId: string;
  createdAt: EpochMs;
  revokedAt?: EpochMs;
}

export interface RefreshTokenRecord {
  token: string;
  grantId: string;
  issuedAt: EpochMs;
  expiresAt: EpochMs;
  /** Set when the token was exchanged; it stays usable for the grace period after this. */
  rotatedAt?: EpochMs;
  /** The token issued in exchange, handed out again if the old one is retried within grace. */
  successor?: string;
  revokedAt?: EpochMs;
}

/** A tenant a user has connected to an app (Xero's /connections entry). */
export interface Connection {
  id: string;
  userId: string;
  clientId: string;
  tenantId: string;
  authEventId: string;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface StoredState {
  version: 1;
  savedAt: EpochMs;
  clockOffsetMs: number;
  users: DemoUser[];
  organisations: BookSnapshot[];
  largeOrganisations: LargeOrganisationSpec[];
  grants: Grant[];
  refreshTokens: RefreshTokenRecord[];
  connections: Connection[];
}

type Listener<T> = (value: T) => void;

export class SandboxStore {
  users = new Map<string, DemoUser>();
  books = new Map<string, OrganisationBook>();
  largeOrganisations: LargeOrganisationSpec[] = [];
  grants = new Map<string, Grant>();
  refreshTokens = new Map<string, RefreshTokenRecord>();
  connections = new Map<string, Connection>();
  private readonly changeListeners: Array<Listener<ResourceChange>> = [];
  private readonly dirtyListeners: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
  ) {}

  /** Back to the freshly seeded demo world, dated relative to the clock's today. */
  reset(): void {
    this.users = new Map(DEMO_USERS.map((user) => [user.id, structuredClone(user)]));
    this.books = new Map();
    this.largeOrganisations = [];
    this.grants = new Map();
    this.refreshTokens = new Map();
    this.connections = new Map();
    for (const book of demoOrganisations(this.seed, this.clock.now())) this.adopt(book);
    this.markDirty();
  }

  /** Wires a generated book to the live clock and change feed. */
  adopt(book: OrganisationBook): OrganisationBook {
    if (this.books.has(book.tenantId)) throw new Error(`The sandbox already holds an organisation with tenant id ${book.tenantId}`);
    book.now = () => this.clock.now();
    book.mintId = newId;
    book.onChange = (change) => {
      for (const listener of this.changeListeners) listener(change);
      this.markDirty();
    };
    this.books.set(book.tenantId, book);
    return book;
  }

  addLargeOrganisation(spec: LargeOrganisationSpec, grantToUserIds: string[]): OrganisationBook {
    const book = this.adopt(generateLargeOrganisation(spec, this.clock.now()));
    this.largeOrganisations.push({ ...spec, id: book.tenantId });
    for (const userId of grantToUserIds) this.user(userId).organisationIds.push(book.tenantId);
    this.markDirty();
    return book;
  }

  addUser(spec: { email: string; givenName: string; familyName: string }): DemoUser {
    const user: DemoUser = { id: newId(), email: spec.email.trim().toLowerCase(), givenName: spec.givenName, familyName: spec.familyName, organisationIds: [] };
    this.users.set(user.id, user);
    this.markDirty();
    return user;
  }

  user(id: string): DemoUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`No user ${id}`);
    return user;
  }

  userByEmail(email: string): DemoUser | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((user) => user.email === wanted);
  }

  book(tenantId: string): OrganisationBook | undefined {
    return this.books.get(tenantId);
  }

  onResourceChange(listener: Listener<ResourceChange>): void {
    this.changeListeners.push(listener);
  }

  onDirty(listener: () => void): void {
    this.dirtyListeners.push(listener);
  }

  markDirty(): void {
    for (const listener of this.dirtyListeners) listener();
  }

  toStoredState(): StoredState {
    const largeIds = new Set(this.largeOrganisations.map((spec) => spec.id));
    return {
      version: 1,
      savedAt: this.clock.now(),
      clockOffsetMs: this.clock.offset,
      users: [...this.users.values()],
      organisations: [...this.books.values()].filter((book) => !largeIds.has(book.tenantId)).map((book) => book.toSnapshot()),
      largeOrganisations: this.largeOrganisations,
      grants: [...this.grants.values()],
      refreshTokens: [...this.refreshTokens.values()],
      connections: [...this.connections.values()],
    };
  }

  /** Restores a snapshot; large organisations are regenerated from their seed. */
  restore(state: StoredState): void {
    this.clock.resetOffset();
    this.clock.advance(state.clockOffsetMs);
    this.users = new Map(state.users.map((user) => [user.id, user]));
    this.books = new Map();
    for (const snapshot of state.organisations) this.adopt(OrganisationBook.fromSnapshot(snapshot, () => this.clock.now()));
    this.largeOrganisations = state.largeOrganisations;
    for (const spec of state.largeOrganisations) this.adopt(generateLargeOrganisation(spec, state.savedAt));
    this.grants = new Map(state.grants.map((grant) => [grant.id, grant]));
    this.refreshTokens = new Map(state.refreshTokens.map((record) => [record.token, record]));
    this.connections = new Map(state.connections.map((connection) => [connection.id, connection]));
  }
}
