/**
 * Linear-time matchers for the three Deadside.log lines whose natural regexes backtrack.
 *
 * CloseBunch, OnLogin and KickPlayer are matched by hand, not by regex: their regexes
 * (`A.*B`, `A(.+), ID = …`, `A(.+?), …Msg = (.*)$`) restart at every occurrence of A and scan the rest of
 * the line each time (KICK also at every `, Msg = ` before a line break), so such a line took quadratic
 * time: 20 s to 3 min for 2 MB (bench/timelapse.ts). The functions below find exactly what those
 * regexes found, in linear time; tests/deadside/serverLog.test.ts checks them against the regexes.
 */
const CLOSE_HEAD = 'LogNet: UChannel::Close: Sending CloseBunch.';
const CLOSE_ID = 'UniqueId: EOS:|';
const LOGIN_HEAD = 'LogSFPS: [ASFPSGameSession::OnLogin] Login = ';
const LOGIN_ID = ', ID = |';
const KICK_HEAD = 'LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = ';

/** Line terminators: what `.` in a regex does not match. */
function isTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** Index of the first line terminator at or after `from`, or the string's length. */
function terminatorFrom(s: string, from: number): number {
  let i = from;
  while (i < s.length && !isTerminator(s.charCodeAt(i))) i++;
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66); // [0-9a-f]
}

function isWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f; // \w
}

/** Whether s[at, at + 32) is `[a-f0-9]{32}`. */
function hex32At(s: string, at: number): boolean {
  if (at + 32 > s.length) return false;
  for (let i = at; i < at + 32; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Last start p of `mark` in s with lo ≤ p and p + mark.length ≤ hi, followed by 32 hex digits and then
 * a non-hex character or the end of s: the id a greedy `.*mark([a-f0-9]{32})(?:[^a-f0-9]|$)` takes.
 */
function lastIdAfter(s: string, mark: string, lo: number, hi: number): number {
  if (hi - mark.length < lo) return -1; // (a negative fromIndex would search from 0)
  let p = s.lastIndexOf(mark, hi - mark.length);
  while (p >= lo) {
    const id = p + mark.length;
    if (hex32At(s, id) && (id + 32 === s.length || !isHex(s.charCodeAt(id + 32)))) return p;
    if (p === 0) break;
    p = s.lastIndexOf(mark, p - 1);
  }
  return -1;
}

/**
 * What `head(.{min,})mark([a-f0-9]{32})(?:[^a-f0-9]|$)` (greedy, `.` = not a line terminator) finds:
 * the first `head` whose line (up to the next terminator) holds such an id at least `min` characters
 * after it, and the last such id on that line. A later `head` on the same line has the same line end
 * and starts later, so it cannot succeed where the first failed: each line is scanned once.
 */
function findHeadThenId(s: string, head: string, min: number, mark: string): { headEnd: number; markAt: number } | null {
  let from = 0;
  for (;;) {
    const h = s.indexOf(head, from);
    if (h < 0) return null;
    const headEnd = h + head.length;
    const lineEnd = terminatorFrom(s, headEnd);
    const markAt = lastIdAfter(s, mark, headEnd + min, lineEnd);
    if (markAt >= 0) return { headEnd, markAt };
    from = lineEnd; // no head can span a terminator
  }
}

/** `…CloseBunch\..*UniqueId: EOS:\|([a-f0-9]{32})(?:[^a-f0-9]|$)`: the EOS id, or null. */
export function matchConnectionClosed(line: string): string | null {
  const m = findHeadThenId(line, CLOSE_HEAD, 0, CLOSE_ID);
  if (!m) return null;
  const id = m.markAt + CLOSE_ID.length;
  return line.slice(id, id + 32);
}

/** `…OnLogin\] Login = (.+), ID = \|([a-f0-9]{32})(?:[^a-f0-9]|$)`: name and EOS id, or null. */
export function matchLogin(line: string): { name: string; eosId: string } | null {
  const m = findHeadThenId(line, LOGIN_HEAD, 1, LOGIN_ID);
  if (!m) return null;
  const id = m.markAt + LOGIN_ID.length;
  return { name: line.slice(m.headEnd, m.markAt), eosId: line.slice(id, id + 32) };
}

/**
 * `…KickPlayer\] Login = (.+?), (?:\w+ = \|?([a-f0-9]{32}), )?Msg = (.*)$`, or null. `(.*)$` reaches
 * the end of the line, so only a head after the last line terminator can match, and the first such
 * head does if any does. The lazy login then ends at the first `, ` (at least one character in) that
 * is followed by `Word = |id, Msg = ` (preferred) or `Msg = `. Word runs after different `, ` never
 * overlap (a comma ends them), so the scan is linear.
 */
export function matchKick(line: string): { login: string; eosId: string | null; msg: string } | null {
  let tail = line.length;
  while (tail > 0 && !isTerminator(line.charCodeAt(tail - 1))) tail--;
  const h = line.indexOf(KICK_HEAD, tail);
  if (h < 0) return null;
  const loginStart = h + KICK_HEAD.length;
  for (let q = line.indexOf(', ', loginStart + 1); q >= 0; q = line.indexOf(', ', q + 1)) {
    const r = q + 2;
    let w = r;
    while (w < line.length && isWord(line.charCodeAt(w))) w++;
    if (w > r && line.startsWith(' = ', w)) {
      let id = w + 3;
      if (line.charCodeAt(id) === 0x7c /* | */) id++;
      if (hex32At(line, id) && line.startsWith(', Msg = ', id + 32)) {
        return { login: line.slice(loginStart, q), eosId: line.slice(id, id + 32), msg: line.slice(id + 32 + 8) };
      }
    }
    if (line.startsWith('Msg = ', r)) return { login: line.slice(loginStart, q), eosId: null, msg: line.slice(r + 6) };
  }
  return null;
}
