/**
 * Scripted killfeeds for the kill-post tests: named players with fixed ids, kills written as Deadside
 * writes them, an engine over an in-memory game server and jongodb, and the posts its outbox holds.
 */
import type { REST } from 'discord.js';
import type { Db } from 'mongodb';
import { IngestEngine, type IngestTarget, type OutboxMessage } from '../../../src/ingest/index.js';
import type { IngestEngineOptions } from '../../../src/ingest/engineOptions.js';
import type { SeasonOf, TextsOf } from '../../../src/ingest/types.js';
import { killfeedStamp } from '../../deadside/generate.js';
import { restFor, silentLogger } from '../helpers.js';
import { csvPath, MemRemote } from '../memRemote.js';

export const KILLFEED = '1700000000000000010';
export const CALLOUTS = '1700000000000000020';

/** A player of the script: `A` … with a 32-hex id of its own. */
export const player = (name: string) => ({ name, id: Buffer.from(name.padEnd(16, '.')).toString('hex').slice(0, 32) });

export interface ScriptKill {
  killer: string;
  victim: string;
  weapon?: string;
  distance?: number;
  /** Milliseconds since 1970 (UTC, whole seconds); default: one a minute from 2025-05-01 10:00 UTC. */
  at?: number;
}

const BASE = Date.UTC(2025, 4, 1, 10, 0, 0);

/** Killfeed lines of the kills, in order (the killer the victim: a suicide). */
export function killLines(kills: readonly ScriptKill[], from = 0): string {
  return kills
    .map((k, i) => {
      const a = player(k.killer);
      const v = player(k.victim);
      return `${killfeedStamp(k.at ?? BASE + (from + i) * 60_000)};${a.name};${a.id};${v.name};${v.id};${k.weapon ?? 'AK-SU'};${k.distance ?? 30};\n`;
    })
    .join('');
}

export interface Scripted {
  engine: IngestEngine;
  remote: MemRemote;
  serverId: string;
  /** Appends kills to the server's CSV and polls once (throws when the poll fails). */
  play(kills: readonly ScriptKill[]): Promise<void>;
  /** Polls once more without new lines (a replay of a pending batch happens here). */
  poll(): Promise<void>;
  /** The killfeed outbox messages, in posting order. */
  messages(): Promise<OutboxMessage[]>;
  /** Every posted embed, in order. */
  embeds(): Promise<PostedEmbed[]>;
  /** The callouts outbox messages, in posting order. */
  calloutMessages(): Promise<OutboxMessage[]>;
  /** Every callout embed, in order. */
  callouts(): Promise<PostedEmbed[]>;
}

export interface PostedEmbed {
  title?: string;
  description?: string;
  timestamp?: string;
  fields?: { name: string; value: string }[];
}

export const field = (e: PostedEmbed, name: string) => e.fields?.find((f) => f.name === name)?.value;

export async function scripted(db: Db, serverId: string, opts: { settings?: Partial<NonNullable<IngestTarget['settings']>>; textsOf?: TextsOf; seasonOf?: SeasonOf; now?: () => Date; guildId?: string; remote?: MemRemote; onStep?: (step: string) => void; channels?: IngestTarget['channels']; rest?: REST; linkedNames?: IngestEngineOptions['linkedNames']; adminPosts?: IngestEngineOptions['adminPosts'] } = {}): Promise<Scripted> {
  const remote = opts.remote ?? new MemRemote();
  const engine = new IngestEngine({ db, remote, rest: opts.rest ?? restFor('http://127.0.0.1:9/api', 'unused'), logger: silentLogger, ...(opts.textsOf ? { textsOf: opts.textsOf } : {}), ...(opts.onStep ? { onStep: opts.onStep } : {}), ...(opts.seasonOf ? { seasonOf: opts.seasonOf } : {}), ...(opts.now ? { now: opts.now } : {}), ...(opts.linkedNames ? { linkedNames: opts.linkedNames } : {}), ...(opts.adminPosts ? { adminPosts: opts.adminPosts } : {}) });
  engine.setTarget({
    guildId: opts.guildId ?? `g-${serverId}`,
    serverId,
    poolKey: serverId,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null, ...opts.settings },
    channels: opts.channels ?? { killfeed: KILLFEED },
    paths: { deathlogs: `${serverId}/deathlogs` },
    pollSeconds: 3600,
  });
  let text = remote.files.get(csvPath(serverId))?.data.toString() ?? '';
  let count = text.split('\n').filter(Boolean).length;
  const ofKind = async (kind: OutboxMessage['kind']) => (await engine.cols.outbox.find({ serverId, kind }).sort({ sortKey: 1 }).toArray()) as OutboxMessage[];
  const messages = () => ofKind('killfeed');
  const embedsOf = (list: OutboxMessage[]) => list.flatMap((m) => (m.body.embeds as PostedEmbed[]) ?? []);
  return {
    engine,
    remote,
    serverId,
    async play(kills) {
      text += killLines(kills, count);
      count += kills.length;
      remote.put(csvPath(serverId), text);
      const r = await engine.pollNow(serverId);
      if (!r.ok) throw new Error(`poll failed: ${r.error}`);
    },
    async poll() {
      const r = await engine.pollNow(serverId);
      if (!r.ok) throw new Error(`poll failed: ${r.error}`);
    },
    messages,
    embeds: async () => embedsOf(await messages()),
    calloutMessages: () => ofKind('callouts'),
    callouts: async () => embedsOf(await ofKind('callouts')),
  };
}

/** `n` kills by `killer` of distinct victims `V1`…, a minute apart. */
export const spree = (killer: string, n: number, extra: Partial<ScriptKill> = {}): ScriptKill[] => Array.from({ length: n }, (_, i) => ({ killer, victim: `V${i + 1}`, ...extra }));
