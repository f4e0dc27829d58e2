/** The A2S_INFO messages: the request bytes Valve documents, the challenge and info replies, and refusals. */
import { describe, expect, it } from 'vitest';
import { A2sMalformedError, infoRequest, parseReply, QUERY_MAX_FIELD_CHARS } from '../../src/query/a2sInfo.js';
import { infoPacket } from './responder.js';

const INFO = { name: 'EU One', map: 'Forest', players: 5, maxPlayers: 60, version: '1.3' };

describe('A2S_INFO', () => {
  it('asks with the documented bytes, the challenge appended when there is one', () => {
    expect(infoRequest().toString('latin1')).toBe('\xFF\xFF\xFF\xFFTSource Engine Query\0');
    expect([...infoRequest(Buffer.from([1, 2, 3, 4])).subarray(-4)]).toEqual([1, 2, 3, 4]);
  });

  it('reads a challenge and an info reply', () => {
    expect(parseReply(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41, 9, 8, 7, 6]))).toEqual({ kind: 'challenge', challenge: Buffer.from([9, 8, 7, 6]) });
    const reply = parseReply(infoPacket(INFO));
    expect(reply).toEqual({ kind: 'info', info: { protocol: 17, name: 'EU One', map: 'Forest', folder: 'deadside', game: 'Deadside', appId: 0, players: 5, maxPlayers: 60, bots: 0, version: '1.3' } });
  });

  it('cuts long names', () => {
    const reply = parseReply(infoPacket({ ...INFO, name: 'x'.repeat(500) }));
    expect(reply.kind === 'info' && reply.info.name.length).toBe(QUERY_MAX_FIELD_CHARS);
  });

  it('refuses split, truncated and unknown replies', () => {
    const whole = infoPacket(INFO);
    const split = Buffer.from(whole);
    split[0] = 0xfe;
    for (const bad of [split, whole.subarray(0, 12), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x44, 0]), Buffer.from([0xff, 0xff])]) {
      expect(() => parseReply(bad)).toThrow(A2sMalformedError);
    }
  });
});
