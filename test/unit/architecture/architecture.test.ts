import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './imports.js';

/** The layering rules of the README's layout, read from the import graph. */
const graph = importGraph(['functions', 'lib', 'bin']);

describe('architecture', () => {
  it('the domain imports only the domain', () => {
    const outside = [...graph]
      .filter(([f]) => f.startsWith('functions/domain/'))
      .flatMap(([f, deps]) =>
        deps.filter((d) => !d.startsWith('functions/domain/')).map((d) => `${f} → ${d}`),
      );
    expect(outside).toEqual([]);
  });

  it('the graph checker finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
