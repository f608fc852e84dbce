import { describe, expect, it } from 'vitest';
import { containerState, newContainer } from '../../../functions/adapters/container.js';

describe('container', () => {
  it('keeps one part per adapter and system, made on first use', () => {
    newContainer();
    let made = 0;
    const part = containerState(() => {
      made++;
      return new Map<string, number>();
    });
    part().set('a', 1);
    expect(part().get('a')).toBe(1);
    expect(made).toBe(1);
    // A new system starts empty: nothing of the earlier one survives.
    newContainer();
    expect(part().get('a')).toBeUndefined();
    expect(made).toBe(2);
  });

  it('keeps two adapters apart in one container', () => {
    newContainer();
    const a = containerState(() => ({ n: 0 }));
    const b = containerState(() => ({ n: 0 }));
    a().n = 5;
    expect(b().n).toBe(0);
  });
});
