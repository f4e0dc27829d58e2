import type { views as english } from '../../en/server/views.js';
import type { TranslationOf } from '../../types.js';

export const views = {
  'server.time.never': 'nunca',

  'server.field.address': 'Endereço',
  'server.field.handshake': 'Handshake',
  'server.field.hostKeySha256': 'Chave do host (SHA256)',
  'server.field.hostKey': 'Chave do host',
  'server.field.latency': 'Latência',
  'server.field.found': 'Encontrado',
  'server.field.pinned': 'Fixada',
  'server.field.presented': 'Apresentada',
  'server.field.presentedNow': 'Apresentada agora',
  'server.field.root': 'Raiz',
  'server.field.ms': '{ms} ms',

  'server.trustPrompt.title': '{name}: confira a chave do host',
  'server.trustPrompt.description':
    'O host se identificou com a chave abaixo. Se a sua hospedagem mostra uma impressão digital (fingerprint), compare; depois de confiar, o bot se recusa a conectar se a chave mudar algum dia (proteção contra interceptação). Nenhuma senha foi enviada ainda: depois de **Confiar e salvar** o bot faz login com esta chave fixada e mostra o que encontrou.',
  'server.trustPrompt.footer': 'Este pedido expira em 15 minutos. A senha é guardada criptografada.',

  'server.unpinned.title': '{name}: nenhuma chave do host confiável ainda',
  'server.unpinned.description':
    'O bot nunca verificou a chave do host deste servidor, então não enviou a senha para lugar nenhum. Compare a chave abaixo com a que a sua hospedagem mostra; **Confiar na chave** fixa a chave e depois testa o login.',

  'server.testReport.title': '✅ {name}: conexão OK',
  'server.testReport.latency': '{ms} ms (conexão {connectMs} ms)',
  'server.testReport.matches': '✅ confere com a chave fixada',
  'server.testReport.matchesAgain': '✅ confere de novo com a chave fixada: as conexões estão liberadas de novo',

  'server.mismatch.title': '⚠️ {name}: a chave do host mudou',
  'server.mismatch.description':
    'O host apresentou uma chave diferente da que foi confiada quando o servidor foi adicionado. O bot não vai conectar até você decidir.\n• **Confiar na nova chave** se a sua hospedagem mudou ou reinstalou o servidor (pergunte a ela se tiver dúvida).\n• **Manter bloqueado** se nada mudou do seu lado: alguém pode estar interceptando a conexão.',

  'server.found.notSearched': 'não pesquisado',
  'server.found.noKillfeed': '⚠️ nenhuma pasta de killfeed (`actual1/deathlogs/world_N`) encontrada na raiz',
  'server.found.killfeedDir': { one: '📁 {path} — {count} arquivo CSV', many: '📁 {path} — {count} de arquivos CSV', other: '📁 {path} — {count} arquivos CSV' },
  'server.found.moreKillfeedDirs': {
    one: '… e mais {count} pasta de killfeed',
    many: '… e mais {count} de pastas de killfeed',
    other: '… e mais {count} pastas de killfeed',
  },
  'server.found.noLog': '⚠️ nenhum `Logs/Deadside.log` encontrado',
  'server.found.incomplete': '⚠️ a busca parou antes do fim: defina a raiz mais perto dos arquivos do servidor',
  'server.found.severalServers': {
    one: '⚠️ {count} servidor do jogo nesta raiz: defina a raiz como a pasta de um servidor, ex.: {example}',
    many: '⚠️ {count} de servidores do jogo nesta raiz: defina a raiz como a pasta de um servidor, ex.: {example}',
    other: '⚠️ {count} servidores do jogo nesta raiz: defina a raiz como a pasta de um servidor, ex.: {example}',
  },

  'server.status.blocked': 'bloqueado: a chave do host mudou (rode `/server test`)',
  'server.status.unreadable': 'pausado: senha salva ilegível (digite de novo com `/server edit`)',
  'server.status.untrusted': 'chave do host ainda não confiável (rode `/server test`)',
  'server.status.tierPaused': 'pausado pelo plano premium: acima do limite de servidores (volta sozinho com um plano maior ou menos servidores; veja `/premium status`)',
  'server.status.paused': 'pausado',
  'server.status.error': 'erro {when}',
  'server.status.polling': 'em leitura',
  'server.status.waiting': 'aguardando a primeira leitura',

  'server.list.title': 'Servidores do jogo',
  'server.list.footer': {
    one: '{servers} de {count} servidor (plano {tier})',
    many: '{servers} de {count} de servidores (plano {tier})',
    other: '{servers} de {count} servidores (plano {tier})',
  },
  'server.list.footerTierPaused': {
    one: '{servers} de {count} servidor (plano {tier}) · {paused} pausado(s) pelo plano',
    many: '{servers} de {count} de servidores (plano {tier}) · {paused} pausado(s) pelo plano',
    other: '{servers} de {count} servidores (plano {tier}) · {paused} pausado(s) pelo plano',
  },
  'server.list.empty': 'Nenhum servidor do jogo ainda. Adicione um com `/server add`.',
  'server.list.fieldName': '{name} (id {id})',
  'server.list.status': '**Status:** {status}',
  'server.list.address': '**Endereço:** {address} · raiz {root}',
  'server.list.addressLegacy': '**Endereço:** {address} · raiz {root} · SSH legado',
  'server.list.lastPoll': '**Última leitura:** {when} · **linhas lidas:** {lines} · {every}',
  'server.list.poll': 'a cada {seconds}s',
  'server.list.pollTierMax': 'a cada {seconds}s (com a frequência que o plano {tier} permite)',
  'server.list.pollTierFloor': 'a cada {seconds}s (mínimo do plano {tier}; definido como {set}s)',
  'server.list.lastError': '**Último erro:** {error}',
  'server.list.noError': 'nenhum',
  'server.list.channels': '**Canais:** killfeed {killfeed} · destaques {callouts} · eventos {events} · conexões {connections} · contagem de jogadores {playercount}',
  'server.list.compact': 'lido {polled} · {lines} linhas',
  'server.list.legend': 'Legenda: 📰 killfeed · 🏆 destaques · 📣 eventos · 🚪 conexões · 🔊 contagem de jogadores · ⏸️ pausado (faltam permissões)',

  'server.held.line': '⏸️ **{feed} pausado:** {why}',
  'server.held.text': '{why} (começou {since}; os posts ficam guardados e são enviados em ordem assim que for resolvido)',
  'server.held.deleted': 'o canal foi apagado: escolha outro com `/server channels`',
  'server.held.missing': 'preciso de {permissions} lá',
  'server.held.refused': 'o Discord recusou posts lá (código {code}); nova tentativa {retry}',
  'server.lastError.hostKeyChanged': 'a chave do host mudou',
  'server.lastError.passwordUnreadable': 'a senha salva está ilegível: digite-a de novo com /server edit',
  'server.lastError.passwordDeleted': 'senha apagada quando o bot saiu deste servidor do Discord: digite-a de novo com /server edit',
} as const satisfies TranslationOf<typeof english>;
