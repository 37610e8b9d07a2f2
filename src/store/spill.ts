/** The spill plug point: three methods, as in Polars' out-of-core engine. */

export interface SpillHandle {
  readonly path: string;
  readonly nbytes: number;
}

export interface SpillBackend {
  canSpill(value: unknown): boolean;
  write(key: string, value: unknown): Promise<SpillHandle>;
  read(handle: SpillHandle): Promise<unknown>;
  remove(handle: SpillHandle): void;
  close(): Promise<void>;
}
