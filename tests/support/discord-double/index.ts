export { DiscordDouble } from './double.js';
export type {
  AutocompleteInput,
  ChannelState,
  ComponentInput,
  DriveBase,
  ModalInput,
  OptionValue,
  RegisteredCommand,
  SelectInput,
  SlashInput,
} from './double.js';
export { InteractionHandle, CallbackType, InteractionType } from './interactions.js';
export type { AutocompleteChoice, InteractionState, ModalShown } from './interactions.js';
export { Perm, PLAIN_MEMBER_PERMISSIONS, ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS } from './permissions.js';
export { SnowflakeGenerator, snowflakeTime } from './snowflake.js';
export { validateBody, matchOpenApiRoute } from './schema.js';
export type * from './types.js';
