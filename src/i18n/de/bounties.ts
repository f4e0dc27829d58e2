import type { bounties as english } from '../en/bounties.js';
import type { TranslationOf } from '../types.js';

export const bounties = {
  'cmd.bounty': 'Setz Credits auf einen Spieler im Spiel: das Mitglied, dessen Spieler ihn tötet, kassiert das Kopfgeld',
  'cmd.bounty.place': 'Setz ein Kopfgeld auf einen Spieler (deine Credits werden verwahrt, bis es kassiert, zurückgezogen wird oder abläuft)',
  'cmd.bounty.place.player': 'Der Spieler (Spieler aus den Killfeeds dieses Servers)',
  'cmd.bounty.place.amount': 'Wie viele deiner Credits',
  'cmd.bounty.place.hours': 'Wie viele Stunden es läuft (1–72; ohne Angabe 24)',
  'cmd.bounty.list': 'Die aktiven Kopfgelder: die Summe je Ziel und wann sie ablaufen',
  'cmd.bounty.list.server': 'Nur Spieler, die auf diesem Spielserver gesehen wurden',
  'cmd.bounty.list.page': 'Anzuzeigende Seite',
  'cmd.bounty.cancel': 'Zieh ein Kopfgeld zurück, das du gesetzt hast, solange es niemand kassiert hat',
  'cmd.bounty.cancel.id': 'Dein Kopfgeld (schlägt deine aktiven vor)',

  'bounty.place.notSeen': 'Ein Spieler **{name}** wurde in den Killfeeds dieses Servers nicht gesehen.',
  'bounty.place.own': 'Du kannst kein Kopfgeld auf deinen eigenen Spieler setzen.',
  'bounty.place.range': 'Ein Kopfgeld auf diesem Server liegt zwischen **{min}** und **{max}** Credits.',
  'bounty.place.hours': 'Ein Kopfgeld läuft zwischen {min} und {max} Stunden.',
  'bounty.place.guildFull': 'Dieser Server hat schon so viele aktive Kopfgelder, wie er haben kann ({max}). Versuch es wieder, wenn eines erledigt ist.',
  'bounty.place.mineFull': 'Du hast schon so viele aktive Kopfgelder, wie ein Mitglied haben kann ({max}).',
  'bounty.place.pending': 'Dieses Kopfgeld wird noch gesetzt. Versuch es gleich noch einmal.',
  'bounty.place.undone': 'Das Setzen dieses Kopfgelds hat zu lange gedauert und wurde rückgängig gemacht: Deine Credits sind zurück. Versuch es noch einmal.',
  'bounty.place.poor': 'Du hast die **{amount}** Credits nicht, die dieses Kopfgeld braucht (`/profile` zeigt deinen Kontostand).',
  'bounty.place.done': '💰 {placer} setzt **{amount}** Credits auf **{target}**, bis {expires} (ID `{id}`). Summe auf {target}: **{total}** Credits.',

  'bounty.list.title': '💰 Aktive Kopfgelder',
  'bounty.list.line': '**{target}**: **{total}** Credits ({count}×) · das erste läuft {expires} ab',
  'bounty.list.none': 'Keine aktiven Kopfgelder. Setz eines mit `/bounty place` auf einen Spieler.',
  'bounty.list.page': 'Seite {page} von {pages}',

  'bounty.cancel.notYours': 'Du hast kein Kopfgeld mit dieser ID.',
  'bounty.cancel.claimed': 'Dieses Kopfgeld wurde schon kassiert.',
  'bounty.cancel.over': 'Dieses Kopfgeld ist schon vorbei (abgelaufen oder zurückgezogen).',
  'bounty.cancel.done': '↩️ Dein Kopfgeld von **{amount}** Credits auf **{target}** ist zurückgezogen: die Credits sind wieder auf deinem Konto.',
  'bounty.cancel.choice': '{target}: {amount} Credits ({id})',

  'bounty.feed.claimed': '💰 {amount} Kopfgeld kassiert von {member}',
  'bounty.auto.callout': '🎯 {target} hat eine Serie: das Haus setzt {amount} Kopfgeld auf ihn aus',
} satisfies TranslationOf<typeof english>;
