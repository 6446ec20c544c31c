import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { DEFAULT_COLUMNS, DEFAULT_ROWS } from './layout.js';

/** Terminal rows and columns, following resizes; `override` (tests, fixed-size embedding) wins. */
export function useTerminalSize(override?: { rows?: number; columns?: number }): { rows: number; columns: number } {
  const { stdout } = useStdout();
  const read = () => ({ rows: stdout.rows || DEFAULT_ROWS, columns: stdout.columns || DEFAULT_COLUMNS });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // read() closes over stdout only, so stdout is the one dependency.
  }, [stdout]);
  return { rows: override?.rows ?? size.rows, columns: override?.columns ?? size.columns };
}
