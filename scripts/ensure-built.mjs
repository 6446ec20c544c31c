// `npm start` runs this first: it compiles only when a source file is newer than the last build, so a
// built checkout opens the dashboard at once instead of waiting on the type checker.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.tsbuildinfo';
const ENTRY = 'dist/source/cli.js';

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return /\.(ts|tsx|json)$/.test(path) ? info.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const sources = Math.max(newestMtime('source'), newestMtime('tsconfig.json'), newestMtime('package.json'));
if (!existsSync(ENTRY) || !existsSync(STAMP) || sources > statSync(STAMP).mtimeMs) {
  process.stderr.write('jamjet-top: building…\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  // tsc leaves its build info alone when no output changed (a file touched, not edited): mark the check done.
  const now = new Date();
  utimesSync(STAMP, now, now);
}
