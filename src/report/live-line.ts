// The one line a terminal redraws in place, shared by the run's and the load's console output: carriage return and
// erase-line, the cursor hidden while it shows. liveText cuts it to the terminal's width, so it never wraps.
import pc from 'picocolors';

export interface LiveLine {
  (text: string): void;
  clear(): void;
  done(): void;
  /** Writes text above the live line, for good. */
  persist(...text: string[]): void;
}

const ERASE = '\r\u001b[2K';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

/** Only on a terminal: CI logs never see these escapes. */
export async function openLiveLine(stream: NodeJS.WriteStream): Promise<LiveLine> {
  let shown: string | undefined;
  let hidden = false;
  const showCursor = () => {
    if (hidden) stream.write(SHOW_CURSOR);
    hidden = false;
  };
  const draw = (text: string) => {
    if (!hidden) process.once('exit', showCursor);
    stream.write(`${shown === undefined ? '' : ERASE}${hidden ? '' : HIDE_CURSOR}${text}`);
    hidden = true;
    shown = text;
  };
  const clear = () => {
    if (shown !== undefined) stream.write(ERASE);
    shown = undefined;
  };
  const live = ((text: string) => draw(text.split('\n')[0]!)) as LiveLine;
  live.clear = clear;
  live.done = () => {
    clear();
    showCursor();
    process.removeListener('exit', showCursor);
  };
  live.persist = (...text: string[]) => {
    const last = shown;
    clear();
    stream.write(`${text.join('\n')}\n`);
    if (last !== undefined) draw(last);
  };
  return live;
}

/** "▶ text", cut to one line of the terminal. */
export function liveText(text: string, stream: NodeJS.WriteStream): string {
  const width = Math.max(20, (stream.columns ?? 80) - 3);
  return `${pc.cyan('▶')} ${text.length > width ? `${text.slice(0, width - 1)}…` : text}`;
}

export function closeLiveLine(live: LiveLine | undefined): undefined {
  live?.clear();
  live?.done();
  return undefined;
}
