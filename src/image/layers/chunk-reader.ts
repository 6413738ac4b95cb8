/**
 * Pull bytes from an async iterable of chunks in exact amounts, without copying bodies that are only skipped.
 * The tar reader sits on it; the stream is read once, front to back.
 */
export class TruncatedInputError extends Error {
  override readonly name = 'TruncatedInputError';
}

export class ChunkReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private ended = false;
  /** Bytes consumed so far (read or skipped). */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private get available(): number {
    return this.chunk.length - this.offset;
  }

  /** Load the next non-empty chunk. Returns false at the end of the input. */
  private async pull(): Promise<boolean> {
    while (!this.ended) {
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        return false;
      }
      if (r.value.length > 0) {
        this.chunk = r.value;
        this.offset = 0;
        return true;
      }
    }
    return false;
  }

  /**
   * Read exactly `n` bytes. Returns undefined when the input ends before the first byte; throws
   * TruncatedInputError when it ends part-way.
   */
  async readExact(n: number): Promise<Uint8Array | undefined> {
    if (this.available === 0 && !(await this.pull())) return undefined;
    if (this.available >= n) {
      const out = this.chunk.subarray(this.offset, this.offset + n);
      this.offset += n;
      this.position += n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.available === 0 && !(await this.pull())) {
        throw new TruncatedInputError(`input ended after ${this.position} bytes, ${n - filled} more expected`);
      }
      const take = Math.min(n - filled, this.available);
      out.set(this.chunk.subarray(this.offset, this.offset + take), filled);
      this.offset += take;
      this.position += take;
      filled += take;
    }
    return out;
  }

  /** Yield the next `n` bytes as zero-copy views of the input chunks. */
  async *take(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && !(await this.pull())) {
        throw new TruncatedInputError(`input ended after ${this.position} bytes, ${left} more expected`);
      }
      const size = Math.min(left, this.available);
      const view = this.chunk.subarray(this.offset, this.offset + size);
      this.offset += size;
      this.position += size;
      left -= size;
      yield view;
    }
  }

  /** Skip `n` bytes. */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && !(await this.pull())) {
        throw new TruncatedInputError(`input ended after ${this.position} bytes, ${left} more expected`);
      }
      const size = Math.min(left, this.available);
      this.offset += size;
      this.position += size;
      left -= size;
    }
  }

  /** Consume the rest of the input (so that digests computed on the way see every byte). */
  async drain(): Promise<void> {
    this.offset = this.chunk.length;
    while (await this.pull()) {
      this.position += this.chunk.length;
      this.offset = this.chunk.length;
    }
  }
}
