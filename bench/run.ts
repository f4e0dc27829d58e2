/**
 * `npm run bench`: every benchmark in one run, each printing its own figures.
 *   npm run bench               all of them
 *   npm run bench -- sftp parse  only those named
 */
import { run as canvas } from './canvas.js';
import { run as ingest } from './ingest.js';
import { run as interaction } from './interaction.js';
import { run as parse } from './parse.js';
import { run as render } from './render.js';
import { run as sftp } from './sftp.js';

const BENCHES: Record<string, () => Promise<void>> = { canvas, ingest, interaction, parse, render, sftp };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in BENCHES));
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.log(`\n=== ${name} ===`);
    const t0 = performance.now();
    await bench();
    console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
