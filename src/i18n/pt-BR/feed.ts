import type { feed as english } from '../en/feed.js';
import type { TranslationOf } from '../types.js';

export const feed = {
  'feed.kill.killed': '{killer} matou {victim}',
  'feed.kill.ranOver': '{killer} atropelou {victim}',
  'feed.kill.weapon': 'Arma',
  'feed.kill.distance': 'Distância',
  'feed.kill.metres': '{distance} m',
  'feed.kill.platform': 'Plataforma',
  'feed.kill.platforms': '{killer} vs {victim}',
  'feed.suicide.menu': '{victim} renasceu em outro lugar (suicídio pelo menu)',
  'feed.suicide.fall': '{victim} morreu de queda',
  'feed.suicide.vehicle': '{victim} morreu em um veículo',
  'feed.suicide.other': '{victim} se matou',
  'feed.death': '{victim} morreu',

  'feed.event.serverStart': 'Servidor reiniciado',
  'feed.event.mission': 'Missão pronta: {place}',
  'feed.event.airdrop': 'Airdrop chegando',
  'feed.event.helicrash': 'Apareceu um helicóptero caído',
  'feed.event.trader': 'Apareceu um comerciante itinerante',
  'feed.event.convoy': 'Apareceu um comboio',

  'feed.connection.joined': '{name} entrou',
  'feed.connection.left': '{name} saiu',

  'feed.held.title': '⏸️ Posts não exibidos',
  'feed.held.summary': 'Não exibidos enquanto este canal recusava os posts do bot: {parts} (tudo isso conta nas estatísticas).',
  'feed.held.killfeed': { one: '{count} post de kill', many: '{count} de posts de kill', other: '{count} posts de kill' },
  'feed.held.events': { one: '{count} evento', many: '{count} de eventos', other: '{count} eventos' },
  'feed.held.connections': { one: '{count} entrada ou saída', many: '{count} de entradas e saídas', other: '{count} entradas e saídas' },
  'feed.held.separator': '{first}, {rest}',

  'feed.playerCount.name': '🟢 {online}/{max}',
  'feed.playerCount.queued': '🟢 {online}/{max} ({queued} na fila)',

  'feed.listing.limited': 'listagem limitada: {parts}',
  'feed.listing.separator': '{first}; {rest}',
  'feed.listing.worlds': '{count} pastas world_N, só as {max} de número mais alto são lidas',
  'feed.listing.csvs': '{world}: só os {max} arquivos CSV mais novos de {count} são lidos',
  'feed.listing.unlisted': '{world}: entradas demais para listar todas; são lidos os {max} arquivos CSV mais novos encontrados',
  'feed.listing.more': 'mais {count} pastas de mundo cortadas',
} as const satisfies TranslationOf<typeof english>;
