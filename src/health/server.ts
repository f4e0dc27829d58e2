import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthProbe {
  /** Named checks; all must pass for /healthz to answer 200. */
  checks: () => Promise<Record<string, boolean>>;
  metrics: () => string;
  /** `/storage?guild=<id>`: one guild's storage figures, counted now (./guildStorage.ts); absent: 404. */
  storage?: (guildId: string) => Promise<object>;
}

export interface HealthServerOptions {
  /** Where to listen (HEALTH_HOST): loopback unless the operator says otherwise. */
  host?: string;
  /** How old a check's result may be and still answer /healthz (default 1 s). */
  maxAgeMs?: number;
  /** A request waits this long for a check, then answers 503 (default 2 s, within Docker's 5 s timeout). */
  checkTimeoutMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** A /healthz answer reflects a check begun at most this long ago. */
export const HEALTH_CHECK_MAX_AGE_MS = 1_000;
/** How long a /healthz request waits for a check before answering 503. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

type CheckResult = { checks: Record<string, boolean>; checkedAt: number } | { failed: true; checkedAt: number };

/**
 * The probe's checks, shared: a result at most `maxAgeMs` old (counted from when its check began) is reused,
 * and every caller while a check runs waits for that one. So any request rate costs at most one MongoDB ping
 * per second, and a stuck check never piles up more. A check that throws counts as failed, and is cached too.
 */
export function sharedChecks(run: HealthProbe['checks'], maxAgeMs: number, now: () => number): () => Promise<CheckResult> {
  let last: CheckResult | undefined;
  let inFlight: Promise<CheckResult> | undefined;
  return () => {
    if (last && now() - last.checkedAt <= maxAgeMs) return Promise.resolve(last);
    inFlight ??= (async () => {
      const checkedAt = now();
      try {
        last = { checks: await run(), checkedAt };
      } catch {
        last = { failed: true, checkedAt };
      }
      inFlight = undefined;
      return last;
    })();
    return inFlight;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `/healthz` (JSON, 200 or 503), `/metrics` (Prometheus text) and `/storage?guild=` (JSON) on HEALTH_PORT. */
export async function startHealthServer(port: number, probe: HealthProbe, options: HealthServerOptions = {}): Promise<{ server: Server; port: number }> {
  const now = options.now ?? Date.now;
  const check = sharedChecks(probe.checks, options.maxAgeMs ?? HEALTH_CHECK_MAX_AGE_MS, now);
  const checkTimeoutMs = options.checkTimeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  // One guild counted at a time: a second request meanwhile is told to come back (429), never queued.
  let counting = false;
  const storage = (guildId: string | null, res: ServerResponse) => {
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!guildId || !/^\d{1,20}$/.test(guildId)) return json(400, { error: 'guild=<id> expected' });
    if (counting) return json(429, { error: 'another guild is being counted' });
    counting = true;
    probe.storage!(guildId).then(
      (figures) => json(200, figures),
      () => json(503, { error: 'count failed' }),
    ).finally(() => (counting = false));
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/healthz') {
      void withTimeout(check(), checkTimeoutMs).then((result) => {
        const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        // The request gives up; the check itself runs on, and the next request may find its result.
        if (result === 'timeout') return json(503, { status: 'error', error: 'check timed out' });
        const checkedAt = new Date(result.checkedAt).toISOString();
        if ('failed' in result) return json(503, { status: 'error', checkedAt });
        const ok = Object.values(result.checks).every(Boolean);
        json(ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', checks: result.checks, checkedAt });
      });
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(probe.metrics());
    } else if (path === '/storage' && probe.storage) {
      storage(new URL(req.url ?? '/', 'http://health').searchParams.get('guild'), res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
