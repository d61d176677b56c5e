import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generateTypes } from '../src/build/generate-types.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('src/generated', () => {
  it('matches what the schemas produce', async () => {
    const expected = await generateTypes();
    const stale: string[] = [];
    for (const [path, content] of expected) {
      const actual = await readFile(ROOT + path, 'utf8').catch(() => undefined);
      if (actual === undefined) stale.push(`${path} (missing)`);
      else if (actual !== content) stale.push(`${path} (differs from its schema)`);
    }
    const present = await readdir(ROOT + GENERATED_DIR).catch(() => [] as string[]);
    for (const name of present) {
      const path = `${GENERATED_DIR}/${name}`;
      if (name.endsWith('.ts') && !expected.has(path)) stale.push(`${path} (no schema produces it)`);
    }
    expect(stale, `Generated types are stale; run npm run gen:types. Stale files:\n  ${stale.join('\n  ')}`).toEqual([]);
  });
});
