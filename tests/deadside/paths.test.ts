import { describe, expect, it } from 'vitest';
import {
  classifyPath,
  compareKillfeedFiles,
  isKillfeedFile,
  isServerLog,
  parseBackupLogName,
  parseKillfeedFileName,
  parseWorldFolder,
} from '../../src/deadside/paths.js';

describe('paths', () => {
  it('recognises killfeed file names', () => {
    expect(parseKillfeedFileName('2025.05.01-00.00.00.csv')).toEqual(new Date('2025-05-01T00:00:00Z'));
    expect(parseKillfeedFileName('/1.2.3.4_7020/actual1/deathlogs/world_0/2025.03.27-10.42.18.csv')).toEqual(
      new Date('2025-03-27T10:42:18Z'),
    );
    expect(isKillfeedFile('2025.13.01-00.00.00.csv')).toBe(false);
    expect(isKillfeedFile('2025.05.01-00.00.00.csv.bak')).toBe(false);
    expect(isKillfeedFile('notes.csv')).toBe(false);
    const files = ['w/2025.05.01-00.00.00.csv', 'w/2024.12.31-23.59.59.csv', 'w/2025.03.27-10.42.18.csv'];
    expect([...files].sort(compareKillfeedFiles)).toEqual([files[1], files[2], files[0]]);
  });

  it('recognises world folders and logs', () => {
    expect(parseWorldFolder('world_0')).toBe(0);
    expect(parseWorldFolder('/a/deathlogs/world_12/')).toBe(12);
    expect(parseWorldFolder('World_1')).toBeNull();
    expect(parseWorldFolder('world_')).toBeNull();
    expect(isServerLog('/h_1/Logs/Deadside.log')).toBe(true);
    expect(isServerLog('Deadside.log.old')).toBe(false);
    expect(parseBackupLogName('Logs/Deadside-backup-2025.05.15-03.00.00.log')).toEqual(new Date('2025-05-15T03:00:00Z'));
    expect(parseBackupLogName('Deadside-backup-x.log')).toBeNull();
  });

  it('classifies paths', () => {
    expect(classifyPath('/h_1/actual1/deathlogs/world_2/2025.05.01-00.00.00.csv')).toEqual({
      kind: 'killfeed',
      startedAt: new Date('2025-05-01T00:00:00Z'),
      world: 2,
    });
    expect(classifyPath('2025.05.01-00.00.00.csv')).toMatchObject({ kind: 'killfeed', world: null });
    expect(classifyPath('/h_1/Logs/Deadside.log')).toEqual({ kind: 'serverLog' });
    expect(classifyPath('/h_1/Logs/Deadside-backup-2025.05.15-03.00.00.log')).toMatchObject({ kind: 'backupLog' });
    expect(classifyPath('/h_1/Logs/other.txt')).toBeNull();
  });
});
