// What a person sees during a load run: on a terminal, one live line redrawn a few times a second; elsewhere
// (CI logs, pipes) a plain progress line every 15 s at most.
import { isInteractive } from '../report/console.ts';
import { closeLiveLine, type LiveLine, liveText, openLiveLine } from '../report/live-line.ts';

export interface LoadOutput {
  line(text: string): void;
  /** The current progress; shown live on a terminal, now and then elsewhere. */
  progress(text: string): void;
  stopProgress(): void;
}

export const silentOutput: LoadOutput = { line: () => undefined, progress: () => undefined, stopProgress: () => undefined };

const HEARTBEAT_MS = 15_000;

export class LoadConsole implements LoadOutput {
  readonly interactive: boolean;
  private live: LiveLine | undefined;
  private lastBeat = Date.now();

  private constructor(
    private readonly stream: NodeJS.WriteStream,
    interactive: boolean,
  ) {
    this.interactive = interactive;
  }

  static async create(stream: NodeJS.WriteStream = process.stdout): Promise<LoadConsole> {
    const output = new LoadConsole(stream, isInteractive(stream));
    if (output.interactive) {
      output.live = await openLiveLine(stream);
    }
    return output;
  }

  line(text: string): void {
    if (this.live) this.live.persist(text);
    else this.stream.write(`${text}\n`);
  }

  progress(text: string): void {
    if (this.live) {
      this.live(liveText(text, this.stream));
      return;
    }
    if (Date.now() - this.lastBeat < HEARTBEAT_MS) return;
    this.lastBeat = Date.now();
    this.stream.write(`… ${text}\n`);
  }

  stopProgress(): void {
    this.live = closeLiveLine(this.live);
  }
}
