/**
 * A Map keyed by normalised absolute paths ("/usr/bin/env") that also knows each path's ancestors, so that a whole
 * subtree can be removed in time proportional to its size. The layer merge removes subtrees for directory whiteouts,
 * opaque directories and directories replaced by files; scanning every key for a prefix each time made a layer of
 * N directory whiteouts over N directories cost N squared (a hostile image could make that hours).
 *
 * Iteration order is a Map's (insertion order) for the keys that remain.
 */

/** The parent of a normalised absolute path: "/a/b" gives "/a", "/a" gives "/", "/" gives undefined. */
function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export class PathMap<T> extends Map<string, T> {
  /** Path to its direct children that are keys or have keys below them. */
  readonly #children = new Map<string, Set<string>>();

  override set(key: string, value: T): this {
    if (!super.has(key)) this.#link(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (!super.delete(key)) return false;
    this.#unlinkIfEmpty(key);
    return true;
  }

  override clear(): void {
    super.clear();
    this.#children.clear();
  }

  /**
   * Remove every key below `dir` (and `dir` itself when `withSelf`), calling `onRemove` for each before it goes.
   * "Below" is by path segments: removing under "/a" leaves "/ab".
   */
  removeUnder(dir: string, withSelf: boolean, onRemove?: (path: string, value: T) => void): void {
    const stack = [dir];
    const nodes: string[] = [];
    while (stack.length) {
      const node = stack.pop()!;
      const kids = this.#children.get(node);
      if (!kids) continue;
      nodes.push(node);
      for (const k of kids) stack.push(k);
    }
    for (const node of nodes) {
      for (const k of this.#children.get(node)!) {
        if (super.has(k)) {
          onRemove?.(k, super.get(k)!);
          super.delete(k);
        }
      }
      this.#children.delete(node);
    }
    if (withSelf && super.has(dir)) {
      onRemove?.(dir, super.get(dir)!);
      super.delete(dir);
    }
    this.#unlinkIfEmpty(dir);
  }

  /** Record `path` under each ancestor, stopping at the first ancestor that already lists its child. */
  #link(path: string): void {
    let child = path;
    for (let parent = parentOf(child); parent !== undefined; child = parent, parent = parentOf(child)) {
      let kids = this.#children.get(parent);
      if (!kids) {
        kids = new Set();
        this.#children.set(parent, kids);
      }
      if (kids.has(child)) return;
      kids.add(child);
    }
  }

  /** Forget `path` in its parent's list when it is no key and has nothing below it, and so on upwards. */
  #unlinkIfEmpty(path: string): void {
    let node = path;
    for (let parent = parentOf(node); parent !== undefined; node = parent, parent = parentOf(node)) {
      if (super.has(node) || this.#children.get(node)?.size) return;
      this.#children.delete(node);
      const kids = this.#children.get(parent);
      if (!kids) return;
      kids.delete(node);
    }
  }
}
