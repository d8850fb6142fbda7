/**
 * Runs at most `limit` requests at once, newest asks first: when the page changes, the tiles now on
 * screen are served before the ones of the page just left.
 */
export class RequestPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit = 6) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.waiting.pop()?.();
          });
      };
      if (this.running < this.limit) start();
      else this.waiting.push(start);
    });
  }
}
