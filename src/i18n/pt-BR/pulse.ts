import type { pulse as english } from '../en/pulse.js';
import type { TranslationOf } from '../types.js';

export const pulse = {
  'pulse.session.length': 'sessão {duration}',
  'cmd.online': 'Quem está online agora nos servidores, e há quanto tempo',
  'pulse.online.title': '🟢 Online agora · {scope}',
  'pulse.online.none': 'Ninguém está online.',
  'pulse.online.server': '**{server}** · {online} online',
  'pulse.online.line': '{name} · online desde <t:{at}:R>',
  'pulse.online.lineNoStart': '{name}',
  'pulse.online.member': '{name} ({member})',
  'pulse.online.page': 'Página {page} de {pages} · do log do servidor',
  'cmd.server.settings.query_port': 'Porta de consulta Steam (A2S) para jogadores, nome e mapa; 0 desliga',
  'query.down': '🔴 **{name}** caiu: parou de responder à consulta do servidor.',
  'query.back': '🟢 **{name}** voltou: {online}/{max} jogadores.',
  'query.settings.port': '**Consulta do servidor:** porta {port}',
  'query.settings.off': '**Consulta do servidor:** desligada',
  'query.list.up': 'Consulta: {online}/{max} jogadores · {map} · {version} · respondeu <t:{at}:R>',
  'query.list.down': '🔴 Fora do ar desde <t:{at}:R>: sem resposta à consulta do servidor',
  'query.list.refused': 'Consulta: endereço recusado (não público ou não encontrado)',
  'query.list.waiting': 'Consulta: porta {port}, ainda sem resposta',
} satisfies TranslationOf<typeof english>;
