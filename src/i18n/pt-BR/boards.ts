import type { boards as english } from '../en/boards.js';
import type { TranslationOf } from '../types.js';

export const boards = {
  'cmd.board': 'Rankings que o bot mantém atualizados num canal (admins)',
  'cmd.board.post': 'Publicar um ranking que o bot edita quando ele muda',
  'cmd.board.post.channel': 'O canal onde publicar',
  'cmd.board.list': 'Os rankings deste servidor e o estado deles',
  'cmd.board.remove': 'Parar um ranking e apagar a mensagem dele',
  'cmd.board.remove.board': 'O ranking a remover',
  'boards.option.image': 'Mostrar o ranking como imagem: um pódio para o top 3, depois uma tabela',

  'boards.title.window': '🏆 {board} · {window} — {scope}',
  'boards.windowIgnored': 'Sem período para {board}: todo o tempo',
  'boards.serverRemoved': 'um servidor removido',
  'boards.updatesEvery': 'Atualiza a cada {minutes} min',
  'boards.tier.unlock': {
    one: '📋 **{count}** ranking ao vivo, atualizado a cada **{minutes} min**',
    many: '📋 até **{count}** de rankings ao vivo, atualizados a cada **{minutes} min**',
    other: '📋 até **{count}** rankings ao vivo, atualizados a cada **{minutes} min**',
  },
  'boards.permission.attachFiles': '"Anexar arquivos"',

  'boards.post.needsText': 'Um ranking vai num canal de texto ou de anúncios.',
  'boards.post.missing': 'Preciso de {permissions} em {channel} para publicar um ranking lá. Dê essas permissões (do canal ou do cargo) e tente de novo.',
  'boards.post.done': '✅ Ranking **{board}** ({scope}) publicado em {channel}: {link}\nEu o edito quando ele muda, no máximo a cada **{minutes} min**. `/board list` mostra seus rankings.',
  'boards.post.limit': {
    one: 'Este servidor pode manter **{count}** ranking no nível **{tier}** e já o tem. Remova-o com `/board remove`, ou um nível premium maior permite mais.',
    many: 'Este servidor pode manter **{count}** de rankings no nível **{tier}** e já tem todos. Remova um com `/board remove`, ou um nível premium maior permite mais.',
    other: 'Este servidor pode manter **{count}** rankings no nível **{tier}** e já tem todos. Remova um com `/board remove`, ou um nível premium maior permite mais.',
  },
  'boards.list.title': 'Rankings ({count} de {limit})',
  'boards.list.none': 'Nenhum ranking ainda: `/board post` publica um.',
  'boards.list.footer': 'Nível {tier} · cada ranking é atualizado no máximo a cada {minutes} min',
  'boards.list.message': 'mensagem',
  'boards.list.notPosted': 'ainda não publicado',
  'boards.list.updated': 'mudou {when}',
  'boards.list.next': 'próxima olhada {when}',
  'boards.list.paused.permissions': '⏸️ Pausado {since}: faltam permissões no canal dele ("Ver canais", "Enviar mensagens", "Inserir links"; "Anexar arquivos" para uma imagem). Tento de novo a cada hora.',
  'boards.list.paused.channel': '⏹️ Parado {since}: o canal dele foi apagado. `/board remove` o remove.',
  'boards.list.paused.deleted': '⏹️ Parado {since}: a mensagem dele foi apagada de novo depois que eu a publiquei de novo. `/board post` publica um novo.',
  'boards.list.paused.tier': '⏸️ Pausado {since}: além do número de rankings do nível premium. Volta quando o nível permitir.',
  'boards.remove.unknown': 'Não há ranking **{id}** aqui. `/board list` mostra seus rankings.',
  'boards.remove.done': '🗑️ Ranking **{board}** em {channel} removido e a mensagem dele apagada.',

  'boards.notice.reposted.title': '📋 Ranking publicado de novo',
  'boards.notice.reposted':
    'O ranking **{board}** em {channel} (publicado por {admin}) foi apagado, então eu o publiquei de novo: {link}\nSe for apagado de novo, ele para de ser atualizado. Para pará-lo de vez, use `/board remove`.',
  'boards.notice.paused.title': '⏸️ Um ranking parou de ser atualizado',
  'boards.notice.paused.permissions':
    'Não consigo mais publicar nem editar o ranking **{board}** em {channel} (publicado por {admin}): preciso de "Ver canais", "Enviar mensagens" e "Inserir links" lá (e "Anexar arquivos" para uma imagem). Tento de novo a cada hora; `/board list` mostra o estado dele.',
  'boards.notice.paused.channel': 'O canal {channel} do ranking **{board}** (publicado por {admin}) foi apagado, então o ranking parou. `/board remove` o remove; `/board post` publica um novo.',
  'boards.notice.paused.deleted':
    'O ranking **{board}** em {channel} (publicado por {admin}) foi apagado de novo depois que eu o publiquei de novo, então ele parou. `/board post` publica um novo; `/board remove` o tira de `/board list`.',
  'boards.notice.paused.tier': {
    one: 'O ranking **{board}** em {channel} (publicado por {admin}) vai além do que o nível **{tier}** permite ({count} ranking), então parou de ser atualizado. Ele volta sozinho quando o nível permitir; `/board remove` remove um ranking.',
    many: 'O ranking **{board}** em {channel} (publicado por {admin}) vai além do que o nível **{tier}** permite ({count} de rankings), então parou de ser atualizado. Ele volta sozinho quando o nível permitir; `/board remove` remove um ranking.',
    other: 'O ranking **{board}** em {channel} (publicado por {admin}) vai além do que o nível **{tier}** permite ({count} rankings), então parou de ser atualizado. Ele volta sozinho quando o nível permitir; `/board remove` remove um ranking.',
  },
} satisfies TranslationOf<typeof english>;
