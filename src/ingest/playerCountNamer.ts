/**
 * The player-count channel's name, in its guild's words. The words are read asynchronously, so an older
 * count whose words came later must not overwrite a newer one: each channel's latest request wins (the
 * renamer then coalesces and rate-limits the renames).
 */
import type { PlayerCountSnapshot } from '../deadside/index.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import type { ChannelRenamer } from './channelRenamer.js';
import { playerCountName } from './logModel.js';
import type { ResolvedTarget, TextsOf } from './types.js';

export class PlayerCountNamer {
  /** The latest player-count name asked per channel: an older one whose words came later is dropped. */
  private readonly countAsked = new Map<string, number>();

  constructor(
    private readonly renamer: ChannelRenamer,
    private readonly logger: Logger,
    private readonly textsOf: TextsOf | undefined,
  ) {}

  /** Renames the server's player-count channel (if it has one) for this count. */
  name(tg: ResolvedTarget, count: PlayerCountSnapshot): void {
    const channelId = tg.channels.playercount;
    if (!channelId) return;
    const textsOf = this.textsOf;
    if (!textsOf) return this.renamer.request(channelId, playerCountName(count));
    const asked = (this.countAsked.get(channelId) ?? 0) + 1;
    this.countAsked.set(channelId, asked);
    const name = (t: Translator) => {
      if (this.countAsked.get(channelId) === asked) this.renamer.request(channelId, playerCountName(count, t));
    };
    textsOf(tg.guildId).then(name, (err: Error) => {
      this.logger.warn({ guildId: tg.guildId, err: err.message }, "could not read the guild's locale for the player-count name");
      name(ENGLISH);
    });
  }
}
