// The one line a terminal redraws in place (log-update: it wraps to the terminal's width, hides the cursor and
// erases exactly its own lines), shared by the run's and the load's console output.
import pc from 'picocolors';

export interface LiveLine {
  (text: string): void;
  clear(): void;
  done(): void;
  /** Writes text above the live line, for good. */
  persist(...text: string[]): void;
}

/** Loaded only on a terminal, so CI runs never pay for it. */
export async function openLiveLine(stream: NodeJS.WriteStream): Promise<LiveLine> {
  const { createLogUpdate } = await import('log-update');
  return createLogUpdate(stream, { showCursor: false }) as LiveLine;
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
