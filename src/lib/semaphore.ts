/**
 * At most `limit` holders at once; the rest wait their turn in arrival order. Used to keep
 * CPU-heavy work (argon2) from taking every core away from the event loop.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a semaphore needs a limit of at least 1');
    this.#free = limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // Hand the slot straight to the next in line, so no newcomer can overtake it.
      if (next) next();
      else this.#free++;
    }
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}
