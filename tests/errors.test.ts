import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/errors.js';

describe('isDatabaseUnavailable', () => {
  it('knows the driver’s unreachable-database errors by class, subclasses included', () => {
    class PoolCleared extends MongoNetworkError {} // the driver's PoolClearedOnNetworkError is such a subclass
    expect(isDatabaseUnavailable(new MongoNetworkError('socket closed'))).toBe(true);
    expect(isDatabaseUnavailable(new PoolCleared('pool cleared'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoServerSelectionError('no server', {} as never))).toBe(true);
  });

  it('does not take a query error or a look-alike name for an outage', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'duplicate key', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'MongoNetworkError' }))).toBe(false);
    expect(isDatabaseUnavailable('MongoNetworkError')).toBe(false);
  });
});
