// Loaded with `node --import` into a CLI run: registers module-log-hooks.ts, which appends the URL of every ES
// module the process loads to the file named by $JAMJET_TEST_MODULE_LOG (what a start costs is what it loads).
import { register } from 'node:module';

register('./module-log-hooks.js', import.meta.url, { data: { log: process.env.JAMJET_TEST_MODULE_LOG } });
