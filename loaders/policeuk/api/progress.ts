/** Progress for the refresh: a cli-progress bar on a terminal, plain lines otherwise (CI logs, pipes, tests). */
import cliProgress from "cli-progress";

export interface Progress {
  /** Starts a phase of `total` steps. */
  start(total: number, label: string): void;
  /** One step done; `detail` says which. */
  tick(detail: string): void;
  /** A message that must be seen (plan, warnings, summary). */
  log(line: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream & {isTTY?: boolean} = process.stderr): Progress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class LineProgress implements Progress {
  private done = 0;
  private total = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}
  start(total: number, label: string): void {
    this.done = 0;
    this.total = total;
    this.stream.write(`${label} (${total} steps)\n`);
  }
  tick(detail: string): void {
    this.done++;
    this.stream.write(`  [${this.done}/${this.total}] ${detail}\n`);
  }
  log(line: string): void {
    this.stream.write(`${line}\n`);
  }
  stop(): void {}
}

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | undefined;
  constructor(private readonly stream: NodeJS.WritableStream) {}
  start(total: number, label: string): void {
    this.stop();
    this.bar = new cliProgress.SingleBar(
      {format: `${label} [{bar}] {value}/{total} {detail}`, stream: this.stream, hideCursor: true, clearOnComplete: false},
      cliProgress.Presets.shades_classic
    );
    this.bar.start(total, 0, {detail: ""});
  }
  tick(detail: string): void {
    this.bar?.increment(1, {detail});
  }
  log(line: string): void {
    // Print above the bar without tearing it.
    if (this.bar) {
      this.stream.write(`\r\x1b[K${line}\n`);
      this.bar.render();
    } else this.stream.write(`${line}\n`);
  }
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
