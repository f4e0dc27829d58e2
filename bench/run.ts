/**
 * `npm run bench`: every benchmark, each printing its own figures.
 *   npm run bench               all of them
 *   npm run bench -- sftp parse  only those named
 * Each runs in a process of its own, so one bench's JIT and heap state cannot skew the next one's
 * (parse measured 0.36× of the naive loop after the others in one process, 0.71× alone).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['boardpage', 'bounties', 'canvas', 'games', 'give', 'hostile', 'ingest', 'interaction', 'killpost', 'listing', 'parse', 'profile', 'render', 'scale', 'scale10k', 'sftp', 'timelapse'] as const;

function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(BENCHES as readonly string[]).includes(w));
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  let failed = 0;
  for (const name of BENCHES) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.log(`\n=== ${name} ===`);
    const t0 = performance.now();
    const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
    // process.execArgv carries tsx's loader: the child runs TypeScript the way this process does.
    const r = spawnSync(process.execPath, [...process.execArgv, file], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
    console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s${r.status !== 0 ? `, FAILED with ${r.status ?? r.signal}` : ''})`);
  }
  if (failed) process.exitCode = 1;
}

main();
