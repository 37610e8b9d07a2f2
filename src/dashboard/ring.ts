/**
 * A fixed-capacity ring buffer: the task stream keeps the last N records no matter how long the
 * process runs, and pushing is O(1) on the scheduler's hot path.
 */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first; `keep` filters without building an intermediate copy. */
  toArray(keep?: (item: T) => boolean): T[] {
    const out: T[] = [];
    const first = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(first + i) % this.capacity] as T;
      if (!keep || keep(item)) out.push(item);
    }
    return out;
  }
}
