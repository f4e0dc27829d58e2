/**
 * The A2S_INFO client against a real UDP responder on loopback: the challenge step is answered and the
 * info read; silence times out; a reply that is not A2S is refused.
 */
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A2sMalformedError, A2sTimeoutError, queryInfo } from '../../src/query/a2s.js';
import { A2sResponder } from './responder.js';

let responder: A2sResponder;

beforeAll(async () => {
  responder = await new A2sResponder({ name: 'EU One | PvP', map: 'Forest', players: 17, maxPlayers: 50, version: '1.2.0.8' }).start();
});
afterAll(() => responder.stop());

describe('queryInfo', () => {
  it('answers the challenge and reads the info reply', async () => {
    const before = { requests: responder.requests, answered: responder.answered };
    const info = await queryInfo({ address: '127.0.0.1', family: 4, port: responder.port });
    expect(info).toMatchObject({ name: 'EU One | PvP', map: 'Forest', folder: 'deadside', game: 'Deadside', players: 17, maxPlayers: 50, version: '1.2.0.8' });
    // One request without the challenge, one with it.
    expect(responder.requests - before.requests).toBe(2);
    expect(responder.answered - before.answered).toBe(1);
  });

  it('reads a new challenge each time the server changes it', async () => {
    responder.challenge = Buffer.from([9, 8, 7, 6]);
    responder.info = { ...responder.info, players: 3 };
    expect((await queryInfo({ address: '127.0.0.1', family: 4, port: responder.port })).players).toBe(3);
  });

  it('times out when nothing answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    try {
      await expect(queryInfo({ address: '127.0.0.1', family: 4, port: silent.address().port }, 200)).rejects.toBeInstanceOf(A2sTimeoutError);
    } finally {
      silent.close();
    }
  });

  it('refuses a reply that is not A2S', async () => {
    const liar = createSocket('udp4');
    liar.on('message', (_m, from) => liar.send(Buffer.from('HTTP/1.1 400 Bad Request\r\n'), from.port, from.address));
    await new Promise<void>((r) => liar.bind(0, '127.0.0.1', () => r()));
    try {
      await expect(queryInfo({ address: '127.0.0.1', family: 4, port: liar.address().port })).rejects.toBeInstanceOf(A2sMalformedError);
    } finally {
      liar.close();
    }
  });
});
