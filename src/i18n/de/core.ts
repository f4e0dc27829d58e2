import type { core as english } from '../en/core.js';
import type { TranslationOf } from '../types.js';

export const core = {
  'error.category.validation': 'Deine Eingabe wurde nicht angenommen',
  'error.category.permission': 'Das darfst du nicht',
  'error.category.rate_limit': 'Langsamer',
  'error.category.not_found': 'Nicht gefunden',
  'error.category.premium': 'Braucht eine höhere Premium-Stufe',
  'error.category.conflict': 'Widersprüchliche Änderung',
  'error.category.external': 'Ein externer Dienst ist ausgefallen',
  'error.category.internal': 'Bei uns ist etwas schiefgelaufen',

  'error.refused': '❌ {text}',
  'error.databaseUnavailable':
    '⚠️ Die Datenbank des Bots ist gerade nicht erreichbar, deshalb konnte `/{command}` nicht ausgeführt werden. Befehle, die sie nicht brauchen (`/about`, `/help`), funktionieren weiter; bitte versuch es in einer Minute erneut.',
  'error.discordRefused': '⚠️ {text} (Fehler-ID **{id}**, `/errors show id:{id}`)',
  'error.internal': '⚠️ Beim Ausführen von `/{command}` ist etwas schiefgelaufen. Es wurde mit der Fehler-ID **{id}** erfasst — ein Admin kann es mit `/errors show id:{id}` nachsehen.',
  'error.guildOnly': 'Dieser Bot funktioniert auf einem Server, nicht in Direktnachrichten.',
  'error.rateLimited': 'Du bist zu schnell. Du kannst `/{command}` {when} wieder verwenden.',
  'error.premiumNeeded': 'Das braucht die Premium-Stufe **{needed}** (dieser Server hat {current}).',
  'error.staleControl': 'Dieses Bedienelement wird nicht mehr unterstützt. Führe den Befehl erneut aus, um ein neues zu bekommen.',
  'error.commandChanged': 'Dieser Befehl hat sich geändert; führe ihn erneut aus der Befehlsliste aus.',
  'error.formTooSlow': 'Das Öffnen des Formulars hat zu lange gedauert. Bitte versuch es erneut.',
  'error.aliasRenamed': '`/{alias}` heißt jetzt `/{command}`.',

  'access.admin': 'Dafür brauchst du die Berechtigung **Server verwalten** (oder die in `/settings` gesetzte Admin-Rolle).',
  'access.owner': 'Das können nur die Betreiber des Bots.',

  'discord.missingPermissions':
    'Mir fehlt hier eine Berechtigung, die ich dafür brauche. Ein Admin kann meine Rolle und die Berechtigungen dieses Kanals prüfen (Kanal ansehen, Nachrichten senden, Links einbetten, Dateien anhängen).',
  'discord.missingAccess': 'Ich kann diesen Kanal nicht sehen: Ein Admin muss mir dort „Kanal ansehen“ geben.',
  'discord.unknownChannel': 'Diesen Kanal gibt es nicht mehr. War es ein Feed-Kanal, wähle mit `/server channels` einen anderen.',
  'discord.unknownMessage': 'Diese Nachricht gibt es nicht mehr (sie wurde gelöscht). Führe den Befehl erneut aus, um eine neue zu bekommen.',
  'discord.invalidFormBody': 'Discord hat die Nachricht abgelehnt, die ich für dich gebaut habe. Das ist ein Fehler bei uns; er wurde erfasst.',

  'unit.bytes': '{n} B',
  'unit.kilobytes': '{n} KB',
  'unit.megabytes': '{n} MB',
  'unit.gigabytes': '{n} GB',
  'unit.terabytes': '{n} TB',

  'alias.description': 'Jetzt /{command}: {description}',
} as const satisfies TranslationOf<typeof english>;
