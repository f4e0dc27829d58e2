import type { alerts as english } from '../../en/server/alerts.js';
import type { TranslationOf } from '../../types.js';

export const alerts = {
  'server.alert.hostKey.title': '⚠️ A chave do host mudou: {name}',
  'server.alert.hostKey.description':
    'O host SFTP apresentou uma chave diferente, então o bot parou de conectar em **{name}** (killfeed e eventos estão pausados).\nSe a hospedagem mudou ou reinstalou o servidor, um admin pode conferir a nova chave com `/server test` e confiar nela. Se nada mudou do lado de vocês, alguém pode estar interceptando a conexão: fale com a hospedagem primeiro.',

  'server.alert.password.title': '⚠️ Senha ilegível: {name}',
  'server.alert.password.description':
    'O bot não consegue ler a senha SFTP salva de **{name}** (a chave de criptografia dele, SECRETS_KEY, foi trocada ou perdida), então parou de ler este servidor. Um admin pode digitar a senha de novo com `/server edit`; depois disso os feeds voltam.',

  'server.alert.tier.title': 'Premium: agora {tier} (antes {was})',
  'server.alert.tier.description':
    'O plano premium deste servidor do Discord mudou de **{was}** para **{tier}** (uma concessão expirou, foi revogada ou substituída). Nada foi apagado; o que passa do novo plano foi pausado ou desacelerado. Os operadores do bot podem conceder um plano maior de novo; `/premium status` mostra o plano.',
  'server.alert.tier.servers': 'Servidores do jogo',
  'server.alert.tier.nonePaused': 'Nenhum servidor do jogo precisou ser pausado.',
  'server.alert.tier.beyond': {
    one: 'Ele está acima do limite do plano {tier}, de {limit} (o mais novo é pausado primeiro), e volta sozinho quando o plano permitir de novo.',
    many: 'Eles estão acima do limite do plano {tier}, de {limit} (os mais novos são pausados primeiro), e voltam sozinhos quando o plano permitir de novo.',
    other: 'Eles estão acima do limite do plano {tier}, de {limit} (os mais novos são pausados primeiro), e voltam sozinhos quando o plano permitir de novo.',
  },
  'server.alert.tier.limit': { one: '{count} servidor', many: '{count} de servidores', other: '{count} servidores' },
  'server.alert.tier.unlocks': 'Plano {tier}',
  'server.alert.tier.canvas': 'O canvas mantém o tamanho; ele só pode ser redimensionado dentro do limite.',

  'server.alert.imported.title': '🟡 Servidor do jogo vindo do bot antigo: {name}',
  'server.alert.imported.description':
    'As configurações SFTP do bot antigo viraram o servidor do jogo **{name}**. A senha foi migrada e está guardada criptografada, mas o bot ainda não a usou: primeiro um admin precisa conferir a chave do host. Rode `/server test`, compare a chave com a que a sua hospedagem mostra e aperte **Confiar na chave**; aí o bot faz login e inicia os feeds. Até lá nenhuma senha é enviada para lugar nenhum.',
} as const satisfies TranslationOf<typeof english>;
