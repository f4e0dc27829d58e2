import type { sftp as english } from '../en/sftp.js';
import type { TranslationOf } from '../types.js';

export const sftp = {
  'sftp.hostKey.mismatch':
    'ключ хоста для {server} изменился: ожидался {expected}, а сервер предъявил {actual}. Если хост переустановили или перенесли, выполните /server test и доверьтесь новому ключу; иначе кто-то, возможно, перехватывает соединение.',
  'sftp.hostKey.thisServer': 'этого сервера',
  'sftp.hostKey.rejected': 'ключ хоста {host}:{port} отклонён',
  'sftp.where': '{host}:{port}',
  'sftp.error.unreachable':
    'не удалось связаться с SSH-сервером {host}:{port}: проверьте хост и порт (у многих хостингов это 8822) и что сервер включён',
  'sftp.error.auth': 'ошибка аутентификации: проверьте имя пользователя и пароль',
  'sftp.error.refused':
    '{host}:{port} отклонил подключение: порт закрыт или на нём не работает SFTP-сервер (проверьте порт; у многих хостингов это 8822)',
  'sftp.error.timeout': 'время ожидания подключения к {host}:{port} истекло: хост не ответил (проверьте хост, порт и файрвол)',
  'sftp.error.hostUnreachable': 'хост {host}:{port} недоступен для бота',
  'sftp.error.handshake':
    'не удалось согласовать SSH-алгоритмы с {host}:{port}: возможно, сервер предлагает только устаревшие алгоритмы (включите `legacy_algorithms` в /server add или /server edit)',
  'sftp.error.lost': 'соединение с {host}:{port} потеряно; попробуйте ещё раз чуть позже',
  'sftp.error.notFound': 'нет такого файла или папки',
  'sftp.error.notFoundPath': 'нет такого файла или папки: {path}',
  'sftp.error.permission': 'доступ запрещён',
  'sftp.error.permissionPath': 'доступ запрещён: {path}',
  'sftp.error.other': 'ошибка SFTP при работе с {host}:{port}',

  'sftp.host.empty': 'хост не указан',
  'sftp.host.invalid': '«{host}» — недопустимое имя хоста: укажите IP-адрес или имя вроде sftp.example.com, без sftp:// и без порта',
  'sftp.host.unresolved': 'не удалось найти хост «{host}»: проверьте написание',
  'sftp.host.dnsTimeout': 'не удалось найти хост «{host}» (DNS не ответил вовремя): проверьте написание',
  'sftp.host.notPublic': 'хост «{host}» указывает на {address} ({why}): разрешены только публичные адреса',
  'sftp.port.invalid': 'порт должен быть целым числом от 1 до 65535 (указано: {got})',

  'sftp.addressKind.unspecified': 'неопределённый адрес',
  'sftp.addressKind.loopback': 'loopback',
  'sftp.addressKind.private': 'частная сеть',
  'sftp.addressKind.cgnat': 'carrier-grade NAT',
  'sftp.addressKind.linkLocal': 'link-local',
  'sftp.addressKind.ietf': 'служебный адрес IETF',
  'sftp.addressKind.benchmarking': 'сеть для тестов производительности',
  'sftp.addressKind.multicast': 'multicast',
  'sftp.addressKind.reserved': 'зарезервированный адрес',
  'sftp.addressKind.broadcast': 'broadcast',
  'sftp.addressKind.siteLocal': 'site-local',
  'sftp.addressKind.documentation': 'адрес для документации',
  'sftp.addressKind.localNat64': 'local-use NAT64',
  'sftp.addressKind.notIp': 'не IP-адрес',
  'sftp.addressKind.embedded': '{why}, {form}',

  'sftp.path.rootNul': 'путь к корневой папке содержит NUL-байт',
  'sftp.path.nul': 'путь содержит NUL-байт',
  'sftp.path.tooLong': 'путь слишком длинный',
  'sftp.path.outsideRoot': 'путь «{path}» находится за пределами корневой папки этого сервера ({root})',
  'sftp.path.missing': '`{path}` не существует',
  'sftp.path.pointsOutside': '`{path}` ведёт за пределы корневой папки этого сервера',
  'sftp.path.outside': 'за пределами корневой папки',
  'sftp.path.isFile': '`{path}` — это файл, а не папка',
  'sftp.path.notFile': '`{path}` — не файл',
  'sftp.path.denied': 'нет доступа на чтение `{path}`',
  'sftp.path.tooBig': '`{path}` весит {size} — это больше лимита на скачивание ({limit})',
  'sftp.read.badOffset': 'смещение чтения должно быть неотрицательным целым числом',

  'sftp.pool.full': 'бот достиг лимита SFTP-подключений; попробуйте чуть позже',
  'sftp.pool.unknownServer': 'неизвестный SFTP-сервер {id}',
  'sftp.test.noUsername': 'имя пользователя не указано',
  'sftp.test.noPassword': 'нужен пароль',
  'sftp.test.noRoot': 'корневой папки «{root}» на сервере нет',
} as const satisfies TranslationOf<typeof english>;
