import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthProbe {
  /** Named checks; all must pass for /healthz to answer 200. */
  checks: () => Promise<Record<string, boolean>>;
  metrics: () => string;
}

/** `/healthz` (JSON, 200 or 503) and `/metrics` (Prometheus text) on HEALTH_PORT. */
export async function startHealthServer(port: number, probe: HealthProbe, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/healthz') {
      probe
        .checks()
        .then((checks) => {
          const ok = Object.values(checks).every(Boolean);
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'degraded', checks }));
        })
        .catch(() => res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error"}'));
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(probe.metrics());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
