/**
 * What one running system keeps between requests: AWS clients, unwrapped keys, derived secrets, look-ups,
 * queue URLs, certificates. Each adapter declares its own part with `containerState(() => initial)` beside
 * the code that uses it, and all parts live in one container object: a Lambda has one for its life (made at
 * cold start, filled on first use); the local runtime makes a new one for every system it starts
 * (`newContainer()`), so nothing cached for an earlier emulator survives and there is no list of caches to
 * clear. Tests of one adapter do the same.
 */
export class Container {
  private readonly parts = new Map<symbol, unknown>();

  part<T>(key: symbol, initial: () => T): T {
    if (!this.parts.has(key)) this.parts.set(key, initial());
    return this.parts.get(key) as T;
  }
}

let current = new Container();

/** A fresh container for a new system (the local runtime, tests, the benchmark): every cache starts empty. */
export function newContainer(): Container {
  current = new Container();
  return current;
}

/** An adapter's part of the current container, made by `initial` the first time it is asked for. */
export function containerState<T>(initial: () => T): () => T {
  const key = Symbol('container part');
  return () => current.part(key, initial);
}
