import type { alerts as english } from '../../en/server/alerts.js';
import type { TranslationOf } from '../../types.js';

export const alerts = {
  'server.alert.hostKey.title': '⚠️ Zmienił się klucz hosta: {name}',
  'server.alert.hostKey.description':
    'Host SFTP przedstawił inny klucz, więc bot przestał łączyć się z **{name}** (killfeed i wydarzenia są wstrzymane).\nJeśli hosting przeniósł lub przeinstalował serwer, administrator może sprawdzić nowy klucz przez `/server test` i mu zaufać. Jeśli u was nic się nie zmieniło, ktoś może przechwytywać połączenie: najpierw skontaktujcie się z hostingiem.',

  'server.alert.password.title': '⚠️ Nie da się odczytać hasła: {name}',
  'server.alert.password.description':
    'Bot nie może odczytać zapisanego hasła SFTP **{name}** (jego klucz szyfrowania SECRETS_KEY zmieniono lub utracono), więc przestał odczytywać ten serwer. Administrator może wpisać hasło ponownie przez `/server edit`; kanały informacji wtedy wznowią działanie.',

  'server.alert.tier.title': 'Premium: teraz {tier} (było {was})',
  'server.alert.tier.description':
    'Plan premium tego serwera Discord zmienił się z **{was}** na **{tier}** (przyznanie wygasło, zostało cofnięte lub zastąpione). Nic nie usunięto; to, co wykracza poza nowy plan, jest wstrzymane lub spowolnione. Operatorzy bota mogą ponownie przyznać wyższy plan; `/premium status` go pokazuje.',
  'server.alert.tier.servers': 'Serwery gry',
  'server.alert.tier.nonePaused': 'Żaden serwer gry nie musiał zostać wstrzymany.',
  'server.alert.tier.beyond': {
    one: 'Przekracza limit planu {tier}: {limit} (najnowszy jest wstrzymywany pierwszy) i wznowi się sam, gdy plan znów na to pozwoli.',
    few: 'Przekraczają limit planu {tier}: {limit} (najnowsze są wstrzymywane pierwsze) i wznowią się same, gdy plan znów na to pozwoli.',
    many: 'Przekraczają limit planu {tier}: {limit} (najnowsze są wstrzymywane pierwsze) i wznowią się same, gdy plan znów na to pozwoli.',
    other: 'Przekraczają limit planu {tier}: {limit} (najnowsze są wstrzymywane pierwsze) i wznowią się same, gdy plan znów na to pozwoli.',
  },
  'server.alert.tier.limit': { one: '{count} serwer', few: '{count} serwery', many: '{count} serwerów', other: '{count} serwera' },
  'server.alert.tier.unlocks': 'Plan {tier}',
  'server.alert.tier.canvas': 'Płótno zachowuje swój rozmiar; można je zmienić tylko w granicach limitu.',

  'server.alert.imported.title': '🟡 Serwer gry ze starego bota: {name}',
  'server.alert.imported.description':
    'Ustawienia SFTP starego bota stały się serwerem gry **{name}**. Jego hasło zostało przeniesione i jest przechowywane w postaci zaszyfrowanej, ale bot jeszcze go nie użył: najpierw administrator musi sprawdzić klucz hosta. Uruchom `/server test`, porównaj klucz z tym, który pokazuje twój hosting, i naciśnij **Zaufaj kluczowi**; wtedy bot się zaloguje i uruchomi kanały informacji. Do tego czasu hasło nie jest nigdzie wysyłane.',
} as const satisfies TranslationOf<typeof english>;
