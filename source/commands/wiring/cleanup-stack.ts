/**
 * Things a command must undo however it ends (servers, the store's writer, sources), undone in
 * reverse order. A failure half-way through start-up must not leave a listening socket or a worker
 * thread that keeps the process alive.
 */
export class CleanupStack {
  private readonly steps: (() => unknown)[] = [];

  /** Registers an undo step. */
  push(step: () => unknown): void {
    this.steps.push(step);
  }

  /** Runs every step, last first; one failing step does not stop the others. */
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch {
        // Best effort: the command is ending anyway, and its own error (if any) is the one to report.
      }
    }
  }
}
