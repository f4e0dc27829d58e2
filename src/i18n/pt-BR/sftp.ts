import type { sftp as english } from '../en/sftp.js';
import type { TranslationOf } from '../types.js';

export const sftp = {
  'sftp.hostKey.mismatch':
    'a chave do host para {server} mudou: era esperada {expected}, mas o servidor apresentou {actual}. Se o host foi reinstalado ou migrado, use /server test e confie na nova chave; caso contrário, alguém pode estar interceptando a conexão.',
  'sftp.hostKey.thisServer': 'este servidor',
  'sftp.hostKey.rejected': 'a chave do host de {host}:{port} foi rejeitada',
  'sftp.where': '{host}:{port}',
  'sftp.error.unreachable':
    'não foi possível alcançar um servidor SSH em {host}:{port}: confira o host e a porta (muitas hospedagens usam 8822) e se o servidor está online',
  'sftp.error.auth': 'falha na autenticação: confira o nome de usuário e a senha',
  'sftp.error.refused':
    'conexão recusada por {host}:{port}: a porta está fechada ou não há servidor SFTP escutando nela (confira a porta; muitas hospedagens usam 8822)',
  'sftp.error.timeout': 'a conexão com {host}:{port} expirou: o host não respondeu (confira o host, a porta e o firewall)',
  'sftp.error.hostUnreachable': 'o host {host}:{port} está inacessível para o bot',
  'sftp.error.handshake':
    'não foi possível combinar algoritmos SSH com {host}:{port}: o servidor pode estar oferecendo só algoritmos antigos (ative `legacy_algorithms` em /server add ou /server edit)',
  'sftp.error.lost': 'a conexão com {host}:{port} caiu; tente de novo daqui a pouco',
  'sftp.error.notFound': 'arquivo ou pasta não encontrado',
  'sftp.error.notFoundPath': 'arquivo ou pasta não encontrado: {path}',
  'sftp.error.permission': 'permissão negada',
  'sftp.error.permissionPath': 'permissão negada: {path}',
  'sftp.error.other': 'erro de SFTP na comunicação com {host}:{port}',

  'sftp.host.empty': 'o host está vazio',
  'sftp.host.invalid': '"{host}" não é um nome de host válido: informe um endereço IP ou um nome como sftp.example.com, sem sftp:// e sem porta',
  'sftp.host.unresolved': 'não foi possível resolver o host "{host}": confira a grafia',
  'sftp.host.dnsTimeout': 'não foi possível resolver o host "{host}" (o DNS não respondeu a tempo): confira a grafia',
  'sftp.host.notPublic': 'o host "{host}" aponta para {address} ({why}): só endereços públicos são permitidos',
  'sftp.port.invalid': 'a porta deve ser um número inteiro de 1 a 65535 (recebido: {got})',

  'sftp.addressKind.unspecified': 'endereço não especificado',
  'sftp.addressKind.loopback': 'loopback',
  'sftp.addressKind.private': 'rede privada',
  'sftp.addressKind.cgnat': 'carrier-grade NAT',
  'sftp.addressKind.linkLocal': 'link-local',
  'sftp.addressKind.ietf': 'atribuição de protocolo da IETF',
  'sftp.addressKind.benchmarking': 'rede de benchmark',
  'sftp.addressKind.multicast': 'multicast',
  'sftp.addressKind.reserved': 'endereço reservado',
  'sftp.addressKind.broadcast': 'broadcast',
  'sftp.addressKind.siteLocal': 'site-local',
  'sftp.addressKind.documentation': 'endereço de documentação',
  'sftp.addressKind.localNat64': 'local-use NAT64',
  'sftp.addressKind.notIp': 'não é um endereço IP',
  'sftp.addressKind.embedded': '{why}, {form}',

  'sftp.path.rootNul': 'o caminho da pasta raiz contém um byte NUL',
  'sftp.path.nul': 'o caminho contém um byte NUL',
  'sftp.path.tooLong': 'o caminho é longo demais',
  'sftp.path.outsideRoot': 'o caminho "{path}" está fora da pasta raiz deste servidor ({root})',
  'sftp.path.missing': '`{path}` não existe',
  'sftp.path.pointsOutside': '`{path}` aponta para fora da pasta raiz deste servidor',
  'sftp.path.outside': 'fora da pasta raiz',
  'sftp.path.isFile': '`{path}` é um arquivo, não uma pasta',
  'sftp.path.notFile': '`{path}` não é um arquivo',
  'sftp.path.denied': 'permissão negada ao ler `{path}`',
  'sftp.path.tooBig': '`{path}` tem {size}, acima do limite de download de {limit}',
  'sftp.read.badOffset': 'o offset de leitura deve ser um número inteiro não negativo',

  'sftp.pool.full': 'o bot atingiu o limite de conexões SFTP; tente de novo daqui a pouco',
  'sftp.pool.unknownServer': 'servidor SFTP desconhecido {id}',
  'sftp.test.noUsername': 'o nome de usuário está vazio',
  'sftp.test.noPassword': 'é preciso informar uma senha',
  'sftp.test.noRoot': 'a pasta raiz "{root}" não existe no servidor',
} as const satisfies TranslationOf<typeof english>;
