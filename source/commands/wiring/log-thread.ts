// The log thread (core/telemetry/thread-logger.ts starts it): pino formats the lines it is sent and writes
// them to serve's stdout or top's rotated file. It lives with the wiring because it assembles the core's
// pino logger with the view's sanitiser for the text format.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/clock.js';
import { openLogger } from '../../core/telemetry/pino-logger.js';
import { readLogValues, type LogThreadReply, type LogThreadRequest, type LogThreadSettings, type LogValues } from '../../core/telemetry/thread-logger.js';
import { sanitise } from '../../view/format/sanitise.js';

const port = parentPort;
if (port) {
  const settings = workerData as LogThreadSettings;
  const reply = (message: LogThreadReply): void => port.postMessage(message);
  const logger = openLogger({
    ...settings,
    clock: systemClock(),
    escape: (text) => sanitise(text),
    onError: (message) => reply({ type: 'error', message }),
  });
  // Batches wait here while the destination is past its high-water mark, and each is answered once written:
  // a slow disk holds batches back on the ingest thread, whose bounded queue then drops and counts, instead
  // of this thread overflowing the destination's buffer.
  const batches: LogValues[] = [];
  let writing = false;
  const writeBatches = async (): Promise<void> => {
    writing = true;
    for (let values = batches.shift(); values !== undefined; values = batches.shift()) {
      readLogValues(values, (record) => logger.transition(record), (time, level, event, message, fields) => logger.logAt(time, level, event, message, fields));
      await logger.drained();
      reply({ type: 'written', stats: logger.stats });
    }
    writing = false;
  };
  port.on('message', (request: LogThreadRequest) => {
    if (request.type === 'lines') {
      batches.push(request.values);
      if (!writing) void writeBatches();
      return;
    }
    const { id } = request;
    const finish = (): void => void (request.type === 'flush' ? logger.flush() : logger.close()).then(() => reply({ type: 'done', id, stats: logger.stats }));
    // A flush or close comes after the batches sent before it.
    if (!writing) finish();
    else void waitForBatches().then(finish);
  });
  const waitForBatches = async (): Promise<void> => {
    while (writing) await new Promise((resolve) => setImmediate(resolve));
  };
}
