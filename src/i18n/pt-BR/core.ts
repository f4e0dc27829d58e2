import type { core as english } from '../en/core.js';
import type { TranslationOf } from '../types.js';

export const core = {
  'error.category.validation': 'Sua entrada não foi aceita',
  'error.category.permission': 'Você não tem permissão para isso',
  'error.category.rate_limit': 'Mais devagar',
  'error.category.not_found': 'Não encontrado',
  'error.category.premium': 'Precisa de um nível premium maior',
  'error.category.conflict': 'Alteração conflitante',
  'error.category.external': 'Um serviço externo falhou',
  'error.category.internal': 'Algo deu errado do nosso lado',

  'error.refused': '❌ {text}',
  'error.databaseUnavailable':
    '⚠️ O banco de dados do bot está inacessível agora, então `/{command}` não pôde ser executado. Comandos que não precisam dele (`/about`, `/help`) continuam funcionando; tente de novo em um minuto.',
  'error.discordRefused': '⚠️ {text} (id do erro **{id}**, `/errors show id:{id}`)',
  'error.internal': '⚠️ Algo deu errado ao executar `/{command}`. Foi registrado com o id de erro **{id}** — um admin pode consultá-lo com `/errors show id:{id}`.',
  'error.guildOnly': 'Este bot funciona dentro de um servidor, não em mensagens diretas.',
  'error.rateLimited': 'Você está indo rápido demais. Você pode usar `/{command}` de novo {when}.',
  'error.premiumNeeded': 'Isso precisa do nível premium **{needed}** (este servidor tem {current}).',
  'error.staleControl': 'Este controle não é mais suportado. Execute o comando de novo para obter um novo.',
  'error.commandChanged': 'Este comando mudou; execute-o de novo pela lista de comandos.',
  'error.formTooSlow': 'O formulário demorou demais para abrir. Tente de novo.',
  'error.aliasRenamed': '`/{alias}` agora é `/{command}`.',

  'access.admin': 'Isso precisa da permissão **Gerenciar servidor** (ou do cargo de admin definido em `/settings`).',
  'access.owner': 'Só os operadores do bot podem fazer isso.',

  'discord.missingPermissions':
    'Está me faltando uma permissão necessária para isso aqui. Um admin pode verificar meu cargo e as permissões deste canal (Ver canal, Enviar mensagens, Inserir links, Anexar arquivos).',
  'discord.missingAccess': 'Não consigo ver esse canal: um admin precisa me dar Ver canal lá.',
  'discord.unknownChannel': 'Esse canal não existe mais. Se era um canal de feed, escolha outro com `/server channels`.',
  'discord.unknownMessage': 'Essa mensagem não existe mais (foi apagada). Execute o comando de novo para obter uma nova.',
  'discord.invalidFormBody': 'O Discord recusou a mensagem que montei para você. É um bug do nosso lado; foi registrado.',

  'unit.bytes': '{n} B',
  'unit.kilobytes': '{n} KB',
  'unit.megabytes': '{n} MB',
  'unit.gigabytes': '{n} GB',
  'unit.terabytes': '{n} TB',

  'alias.description': 'Agora /{command}: {description}',
} as const satisfies TranslationOf<typeof english>;
