/**
 * Runs tasks one after another, in order, in slices of the event loop: after a slice has run for
 * `sliceMs` the rest wait for the next turn (setImmediate), so HTTP requests and other sockets are
 * served in between. For work that arrives in bursts, such as answering many subscribes at once.
 */
export class SlicedQueue {
  private readonly tasks: Array<() => void> = [];
  private running = false;

  constructor(private readonly sliceMs = 10) {}

  /** Resolves with `task`'s result when its turn comes and it has run. */
  run<T>(task: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => {
        try {
          resolve(task());
        } catch (err) {
          reject(err as Error);
        }
      });
      if (!this.running) {
        this.running = true;
        setImmediate(() => this.drain());
      }
    });
  }

  get waiting(): number {
    return this.tasks.length;
  }

  private drain(): void {
    const start = performance.now();
    while (this.tasks.length > 0 && performance.now() - start < this.sliceMs) this.tasks.shift()!();
    if (this.tasks.length > 0) setImmediate(() => this.drain());
    else this.running = false;
  }
}
