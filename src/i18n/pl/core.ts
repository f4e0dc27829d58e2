import type { core as english } from '../en/core.js';
import type { TranslationOf } from '../types.js';

export const core = {
  'error.category.validation': 'Twoje dane nie zostały przyjęte',
  'error.category.permission': 'Nie możesz tego zrobić',
  'error.category.rate_limit': 'Zwolnij',
  'error.category.not_found': 'Nie znaleziono',
  'error.category.premium': 'Wymaga wyższego poziomu premium',
  'error.category.conflict': 'Sprzeczna zmiana',
  'error.category.external': 'Usługa zewnętrzna zawiodła',
  'error.category.internal': 'Coś poszło nie tak po naszej stronie',

  'error.refused': '❌ {text}',
  'error.databaseUnavailable':
    '⚠️ Baza danych bota jest teraz nieosiągalna, więc `/{command}` nie mogło się wykonać. Komendy, które jej nie potrzebują (`/about`, `/help`), nadal działają; spróbuj ponownie za minutę.',
  'error.discordRefused': '⚠️ {text} (identyfikator błędu **{id}**, `/errors show id:{id}`)',
  'error.internal': '⚠️ Coś poszło nie tak podczas wykonywania `/{command}`. Zapisano to z identyfikatorem błędu **{id}** — administrator może to sprawdzić przez `/errors show id:{id}`.',
  'error.guildOnly': 'Ten bot działa na serwerze, a nie w wiadomościach prywatnych.',
  'error.rateLimited': 'Za szybko. Możesz znów użyć `/{command}` {when}.',
  'error.premiumNeeded': 'To wymaga poziomu premium **{needed}** (ten serwer ma {current}).',
  'error.staleControl': 'Ten element nie jest już obsługiwany. Uruchom komendę ponownie, aby dostać nowy.',
  'error.commandChanged': 'Ta komenda się zmieniła; uruchom ją ponownie z listy komend.',
  'error.formTooSlow': 'Otwieranie formularza trwało zbyt długo. Spróbuj ponownie.',
  'error.aliasRenamed': '`/{alias}` to teraz `/{command}`.',

  'access.admin': 'To wymaga uprawnienia **Zarządzanie serwerem** (lub roli administratora ustawionej w `/settings`).',
  'access.owner': 'Tylko operatorzy bota mogą to zrobić.',

  'discord.missingPermissions':
    'Brakuje mi tutaj uprawnienia potrzebnego do tego. Administrator może sprawdzić moją rolę i uprawnienia tego kanału (Wyświetlanie kanału, Wysyłanie wiadomości, Osadzanie linków, Załączanie plików).',
  'discord.missingAccess': 'Nie widzę tego kanału: administrator musi mi tam nadać „Wyświetlanie kanału”.',
  'discord.unknownChannel': 'Ten kanał już nie istnieje. Jeśli był to kanał feedu, wybierz inny przez `/server channels`.',
  'discord.unknownMessage': 'Ta wiadomość już nie istnieje (została usunięta). Uruchom komendę ponownie, aby dostać nową.',
  'discord.invalidFormBody': 'Discord odrzucił wiadomość, którą dla ciebie przygotowałem. To błąd po naszej stronie; został zapisany.',

  'unit.bytes': '{n} B',
  'unit.kilobytes': '{n} KB',
  'unit.megabytes': '{n} MB',
  'unit.gigabytes': '{n} GB',
  'unit.terabytes': '{n} TB',

  'alias.description': 'Teraz /{command}: {description}',
} as const satisfies TranslationOf<typeof english>;
