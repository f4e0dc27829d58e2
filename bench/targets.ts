/**
 * A bench's targets and checks, and its verdict on them. Each figure with a target is printed with
 * `target …: met` or `target …: MISSED`; the bench reports everything first (one miss does not hide the
 * other figures), then `settle()` lists what was missed or failed and sets a non-zero exit code, which
 * runBench (./lifecycle.ts) and a plain run both exit with.
 *
 *   const verdict = new Targets();
 *   console.log(`p50 ${fmt(p50)} (${verdict.target('p50', p50 < 3, '< 3 ms')})`);
 *   verdict.check('every placement placed', failures === 0);
 *   verdict.settle(); // at the end of the bench
 */
export class Targets {
  private readonly missed: string[] = [];

  /** One figure against its target (`bound` as printed, e.g. `< 3 ms`); returns the words to print beside it. */
  target(what: string, met: boolean, bound: string): string {
    if (!met) this.missed.push(`${what} missed its target ${bound}`);
    return `target ${bound}: ${met ? 'met' : 'MISSED'}`;
  }

  /** A correctness check of the run (not a figure): `what` says what should hold. Returns `ok`. */
  check(what: string, ok: boolean): boolean {
    if (!ok) this.missed.push(`check failed: ${what}`);
    return ok;
  }

  get ok(): boolean {
    return this.missed.length === 0;
  }

  /** Ends the report: lists what was missed and makes the process exit non-zero when anything was. */
  settle(): void {
    if (this.ok) return;
    console.log(`\nFAILED (${this.missed.length}):\n  ${this.missed.join('\n  ')}`);
    process.exitCode = 1;
  }
}
