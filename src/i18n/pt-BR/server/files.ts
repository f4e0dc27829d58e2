import type { files as english } from '../../en/server/files.js';
import type { TranslationOf } from '../../types.js';

export const files = {
  'server.browse.title': {
    one: '📁 {name} — página {page}/{pages} ({count} item)',
    many: '📁 {name} — página {page}/{pages} ({count} de itens)',
    other: '📁 {name} — página {page}/{pages} ({count} itens)',
  },
  'server.browse.empty': '*pasta vazia*',
  'server.browse.truncated': '⚠️ Pasta cortada',
  'server.browse.truncatedDetail': 'Só as primeiras {max} entradas são listadas.',
  'server.browse.previous': '◀ Anterior',
  'server.browse.next': 'Próxima ▶',
  'server.browse.up': '⬆ Subir',
  'server.browse.open': 'Abrir uma pasta…',
  'server.browse.outdated': 'esta listagem está desatualizada; rode `/server browse` de novo',
  'server.browse.notFolderName': 'não é um nome de pasta',

  'server.download.needFile': 'informe o caminho de um arquivo, ex.: `Logs/Deadside.log`',
  'server.download.sent': '📄 {path} de **{name}** ({size})',

  'server.backfill.running': '⏳ **Backfill de {name}**',
  'server.backfill.progress': 'Arquivos {done}/{files} · {lines} linhas · {rate} linhas/s · faltam {eta}',
  'server.backfill.done': '✅ **Backfill de {name}** concluído em {elapsed}.',
  'server.backfill.summary': 'Arquivos {files}/{files} · {lines} linhas novas · {total} linhas lidas no total',
  'server.backfill.summaryMalformed': 'Arquivos {files}/{files} · {lines} linhas novas · {total} linhas lidas no total · {malformed} linhas inválidas ignoradas',
  'server.backfill.stopped': '⚠️ **Backfill de {name}** parou: {error}. O que já foi lido fica guardado; rode `/server backfill` de novo para continuar.',
  'server.backfill.unknownError': 'erro desconhecido',
  'server.backfill.paused': '**{name}** está pausado; retome com `/server settings paused:False` primeiro',
  'server.backfill.notPolled': '**{name}** ainda não está sendo lido pelo bot; tente de novo em um minuto',
  'server.backfill.stoppedPolling': '**{name}** deixou de ser lido nesse meio-tempo (pausado, removido ou a chave do host mudou); veja `/server list`',
} as const satisfies TranslationOf<typeof english>;
