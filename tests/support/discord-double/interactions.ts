import type { CallbackRecord, DoubleMessage, EditRecord } from './types.js';

/** Interaction types (https://discord.com/developers/docs/interactions/receiving-and-responding). */
export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
/** Callback types. */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
  LaunchActivity: 12,
} as const;

/** The double's record of one interaction it sent to the bot. */
export interface InteractionState {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  payload: Record<string, unknown>;
  /** Every callback attempt, accepted or refused. */
  callbacks: CallbackRecord[];
  /** The accepted (first) callback. */
  ack?: CallbackRecord;
  /** The response message (type 4 / 5). */
  originalId?: string;
  /** The message a component / modal-from-component interaction came from. */
  sourceMessageId?: string;
  followUpIds: string[];
  edits: EditRecord[];
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
  name_localizations?: Record<string, string> | null;
}

export interface ModalShown {
  custom_id: string;
  title: string;
  components: Record<string, unknown>[];
}

/** What the handle needs from the double. */
export interface HandleContext {
  waitUntil<T>(probe: () => T | undefined, timeoutMs: number | undefined, label: string): Promise<T>;
  message(id: string | undefined): DoubleMessage | undefined;
  snapshot(m: DoubleMessage): DoubleMessage;
}

const LOADING = 1 << 7;

/** A driven interaction: how the bot answered it. */
export class InteractionHandle {
  constructor(
    readonly state: InteractionState,
    private readonly ctx: HandleContext,
  ) {}

  get id(): string {
    return this.state.id;
  }
  get token(): string {
    return this.state.token;
  }
  /** The INTERACTION_CREATE payload the bot received. */
  get payload(): Record<string, unknown> {
    return this.state.payload;
  }

  /** Resolves with the first accepted callback (type 4 reply / 5 defer / 6 / 7 / 8 / 9), body decoded. */
  response(timeoutMs?: number): Promise<CallbackRecord> {
    return this.ctx.waitUntil(() => this.state.ack, timeoutMs, `interaction ${this.describe()}: callback`);
  }

  /** Every callback attempt, including refused ones (already acknowledged, expired). */
  callbacks(): CallbackRecord[] {
    return [...this.state.callbacks];
  }

  /** The currently visible response message, if any (see reply()). */
  original(): DoubleMessage | undefined {
    const m = this.visible();
    return m ? this.ctx.snapshot(m) : undefined;
  }

  /**
   * Resolves with the first visible response: the type 4 message, after a defer (5) the first edit of
   * @original (or first follow-up, which fills the deferred message), after 7 the updated component
   * message, after 6 the component message once edited. Rejects if the bot answered with a modal or choices.
   */
  reply(timeoutMs?: number): Promise<DoubleMessage> {
    return this.waitForReply(() => true, timeoutMs);
  }

  /** Resolves when the visible response satisfies `predicate` (checked after every change). */
  waitForReply(predicate: (m: DoubleMessage) => boolean, timeoutMs?: number): Promise<DoubleMessage> {
    return this.ctx.waitUntil(
      () => {
        const ack = this.state.ack;
        if (ack && (ack.type === CallbackType.Modal || ack.type === CallbackType.AutocompleteResult)) {
          throw new Error(`interaction ${this.describe()} was answered with callback type ${ack.type}, not a message`);
        }
        const m = this.visible();
        return m && predicate(m) ? this.ctx.snapshot(m) : undefined;
      },
      timeoutMs,
      `interaction ${this.describe()}: reply`,
    );
  }

  /** Edits of @original / follow-ups, in order. */
  edits(): EditRecord[] {
    return [...this.state.edits];
  }

  /** Follow-up messages created for this interaction (not counting one that filled a deferred reply). */
  followUps(): DoubleMessage[] {
    return this.state.followUpIds
      .map((id) => this.ctx.message(id))
      .filter((m): m is DoubleMessage => m !== undefined)
      .map((m) => this.ctx.snapshot(m));
  }

  waitForFollowUp(predicate: (m: DoubleMessage) => boolean = () => true, timeoutMs?: number): Promise<DoubleMessage> {
    return this.ctx.waitUntil(
      () => this.followUps().find(predicate),
      timeoutMs,
      `interaction ${this.describe()}: follow-up`,
    );
  }

  /** Autocomplete: the choices of the type 8 callback. */
  async choices(timeoutMs?: number): Promise<AutocompleteChoice[]> {
    const ack = await this.response(timeoutMs);
    if (ack.type !== CallbackType.AutocompleteResult) throw new Error(`expected autocomplete result, got callback type ${ack.type}`);
    return ((ack.data?.choices ?? []) as AutocompleteChoice[]).map((c) => ({ ...c }));
  }

  /** The modal of a type 9 callback. */
  async modal(timeoutMs?: number): Promise<ModalShown> {
    const ack = await this.response(timeoutMs);
    if (ack.type !== CallbackType.Modal) throw new Error(`expected a modal (9), got callback type ${ack.type}`);
    return ack.data as unknown as ModalShown;
  }

  private visible(): DoubleMessage | undefined {
    const ack = this.state.ack;
    if (!ack) return undefined;
    switch (ack.type) {
      case CallbackType.ChannelMessageWithSource:
        return this.ctx.message(this.state.originalId);
      case CallbackType.DeferredChannelMessageWithSource: {
        const m = this.ctx.message(this.state.originalId);
        return m && ((m.flags ?? 0) & LOADING) === 0 ? m : undefined;
      }
      case CallbackType.UpdateMessage:
        return this.ctx.message(this.state.sourceMessageId);
      case CallbackType.DeferredUpdateMessage:
        return this.state.edits.length > 0 ? this.ctx.message(this.state.sourceMessageId) : undefined;
      default:
        return undefined;
    }
  }

  private describe(): string {
    const d = this.state.payload.data as { name?: string; custom_id?: string } | undefined;
    return `${this.state.id} (type ${this.state.type}${d?.name ? ` /${d.name}` : ''}${d?.custom_id ? ` ${d.custom_id}` : ''})`;
  }
}
