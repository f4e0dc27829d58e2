import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = { DISCORD_TOKEN: 'tok.secret.value', DISCORD_APPLICATION_ID: '123456789012345678', SECRETS_KEY: KEY };

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const c = loadConfig(valid);
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.MONGODB_DATA_DIR).toBe('./data/mongo');
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.ALLOW_PRIVATE_SFTP_HOSTS).toBe(false);
    expect(c.OWNER_IDS).toEqual([]);
    expect(c.DISCORD_REST_RPS).toBe(50);
  });

  it('accepts an unset MONGODB_URI (the embedded mongod then runs) and lets a set one win', () => {
    expect(loadConfig({ ...valid, MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
    const set = loadConfig({ ...valid, MONGODB_URI: 'mongodb+srv://db.example.com/tower', MONGODB_DATA_DIR: '/var/lib/tower' });
    expect(set.MONGODB_URI).toBe('mongodb+srv://db.example.com/tower');
    expect(set.MONGODB_DATA_DIR).toBe('/var/lib/tower');
    expect(() => loadConfig({ ...valid, MONGODB_URI: 'localhost:27017' })).toThrow(/MONGODB_URI must start with mongodb:\/\//);
  });

  it('parses lists, booleans, ports and shard counts', () => {
    const c = loadConfig({ ...valid, OWNER_IDS: '123456789012345678, 223456789012345678', ALLOW_PRIVATE_SFTP_HOSTS: 'true', HEALTH_PORT: '9100', SHARD_COUNT: 'auto' });
    expect(c.OWNER_IDS).toEqual(['123456789012345678', '223456789012345678']);
    expect(c.ALLOW_PRIVATE_SFTP_HOSTS).toBe(true);
    expect(c.HEALTH_PORT).toBe(9100);
    expect(c.SHARD_COUNT).toBe('auto');
  });

  it('takes a rotated secrets key list, current key first', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ ...valid, SECRETS_KEY: `${KEY}, ${old}` }).SECRETS_KEY).toEqual([KEY, old]);
    expect(() => loadConfig({ ...valid, SECRETS_KEY: `${KEY},short` })).toThrow(/SECRETS_KEY/);
  });

  it('takes the tunable limits as whole numbers in range, unset by default', () => {
    const defaults = loadConfig(valid);
    expect([defaults.SFTP_MAX_CONNECTIONS, defaults.POLL_MAX_MB, defaults.POLL_MAX_SECONDS]).toEqual([undefined, undefined, undefined]);
    expect(loadConfig({ ...valid, SFTP_MAX_CONNECTIONS: '200', POLL_MAX_MB: '8', POLL_MAX_SECONDS: '5' })).toMatchObject({ SFTP_MAX_CONNECTIONS: 200, POLL_MAX_MB: 8, POLL_MAX_SECONDS: 5 });
    expect(() => loadConfig({ ...valid, SFTP_MAX_CONNECTIONS: '0', POLL_MAX_MB: 'lots' })).toThrow(/SFTP_MAX_CONNECTIONS[\s\S]*POLL_MAX_MB/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...valid, DEV_GUILD_ID: '', HEALTH_PORT: '' }).HEALTH_PORT).toBeUndefined();
  });

  it('lists every problem in one error and never prints a secret value', () => {
    const env = { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: 'abc', SECRETS_KEY: 'c2hvcnQta2V5LXZhbHVl', HEALTH_PORT: 'x', OWNER_IDS: '1,2', LOG_LEVEL: 'loud' };
    let error: ConfigError | undefined;
    try {
      loadConfig(env);
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = error!.problems.map((p) => p.split(' ')[0]);
    expect(keys).toEqual(expect.arrayContaining(['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'SECRETS_KEY', 'HEALTH_PORT', 'OWNER_IDS', 'LOG_LEVEL']));
    expect(error!.message).toContain('DISCORD_TOKEN is required');
    expect(error!.message).not.toContain('c2hvcnQta2V5LXZhbHVl');
  });
});
