// A child process for the crash test: ingests one long execution in batches through SqliteEventSink,
// resuming from the cursor stored in the database, and prints `committed <seq>` each time a flush resolves.
// argv: <db path> <batches to write, or 0 for until killed>
import { systemClock } from '../../source/core/clock.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { envelope, typed } from './store-fixtures.js';

const BATCH = 250;
const path = process.argv[2]!;
const batches = Number(process.argv[3] ?? '0');
const sink = new SqliteEventSink({ path, clock: systemClock(), batchSize: BATCH });
const resumed = Number(sink.queries().cursorFor('src') ?? '0');
process.stdout.write(`resumed ${resumed}\n`);

let seq = resumed;
let written = 0;
function writeOne(): void {
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    seq++;
    const kind = seq === 1
      ? { type: 'workflow_started', workflow_id: 'crash', workflow_version: '1', initial_input: {} }
      : { type: 'node_scheduled', node_id: `n${seq}`, queue_type: 'general' };
    events.push(typed(envelope(7, seq, kind, 1_000 + seq)));
  }
  const upTo = seq;
  sink.write(events, 'src', String(upTo));
  void sink.flush().then(() => process.stdout.write(`committed ${upTo}\n`));
  written++;
  if (batches > 0 && written >= batches) {
    void sink.close().then(() => process.stdout.write('done\n'));
    return;
  }
  setImmediate(writeOne);
}
writeOne();
