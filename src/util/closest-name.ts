// "Did you mean": the known name nearest to a mistyped one, by Levenshtein distance.

export interface Closest {
  name: string;
  distance: number;
}

/** The candidate nearest to `name` (the first of equals); undefined for no candidates. */
export function closestName(name: string, candidates: readonly string[], options: { ignoreCase?: boolean } = {}): Closest | undefined {
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  let best: Closest | undefined;
  for (const candidate of candidates) {
    const d = distance(fold(name), fold(candidate));
    if (!best || d < best.distance) best = { name: candidate, distance: d };
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
