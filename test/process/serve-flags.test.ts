import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingServeFlags, SERVE_V8_FLAGS } from '../../src/util/node-flags.js';
import { ROOT } from '../helpers/process.js';

describe('the V8 options `stoa serve` runs with', () => {
  it('are the ones `npm start` runs with', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start?.split(/\s+/) ?? [];
    expect(start.filter((arg) => arg.startsWith('--max-')).sort()).toEqual([...SERVE_V8_FLAGS].sort());
  });

  it('are all missing from a plain `node bin/stoa.js serve`', () => {
    expect(missingServeFlags([], undefined)).toEqual([...SERVE_V8_FLAGS]);
    expect(missingServeFlags(['--enable-source-maps'], '--trace-warnings')).toEqual([...SERVE_V8_FLAGS]);
  });

  it('are complete once given on the command line, in either spelling', () => {
    expect(missingServeFlags([...SERVE_V8_FLAGS], undefined)).toEqual([]);
    expect(missingServeFlags(['--max_semi_space_size=8', '--max_old_space_size=160'], undefined)).toEqual([]);
  });

  it('leave an option an operator set in NODE_OPTIONS as it is, such as a higher heap cap', () => {
    expect(missingServeFlags([], '--max-old-space-size=512')).toEqual(['--max-semi-space-size=8']);
    expect(missingServeFlags([], '  --max-semi-space-size=16   --max-old-space-size=512 ')).toEqual([]);
  });
});
