/** /server browse, /server download and /server backfill's progress. */
export const files = {
  'server.browse.title': { one: '📁 {name} — page {page}/{pages} ({count} item)', other: '📁 {name} — page {page}/{pages} ({count} items)' },
  'server.browse.empty': '*empty folder*',
  'server.browse.truncated': '⚠️ Folder cut short',
  'server.browse.truncatedDetail': 'Only the first {max} entries are listed.',
  'server.browse.previous': '◀ Previous',
  'server.browse.next': 'Next ▶',
  'server.browse.up': '⬆ Up',
  'server.browse.open': 'Open a folder…',
  'server.browse.outdated': 'this listing is out of date; run `/server browse` again',
  'server.browse.notFolderName': 'not a folder name',

  'server.download.needFile': 'give the path of a file, e.g. `Logs/Deadside.log`',
  'server.download.sent': '📄 {path} from **{name}** ({size})',

  'server.backfill.running': '⏳ **Backfill of {name}**',
  'server.backfill.progress': 'Files {done}/{files} · {lines} lines · {rate} lines/s · ETA {eta}',
  'server.backfill.done': '✅ **Backfill of {name}** done in {elapsed}.',
  'server.backfill.summary': 'Files {files}/{files} · {lines} new lines · {total} lines read in all',
  'server.backfill.summaryMalformed': 'Files {files}/{files} · {lines} new lines · {total} lines read in all · {malformed} malformed lines skipped',
  'server.backfill.stopped': '⚠️ **Backfill of {name}** stopped: {error}. What was read so far is kept; run `/server backfill` again to continue.',
  'server.backfill.unknownError': 'unknown error',
  'server.backfill.paused': '**{name}** is paused; resume it with `/server settings paused:False` first',
  'server.backfill.notPolled': '**{name}** is not being polled by the bot yet; try again in a minute',
  'server.backfill.stoppedPolling': '**{name}** stopped being polled meanwhile (paused, removed or its host key changed); see `/server list`',
} as const;
