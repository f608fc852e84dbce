import { describe, expect, it } from 'vitest';
import { moduleNames, numberOption, optionText } from '../../../bench/options.js';

describe('benchmark options', () => {
  it('module names are the arguments that are neither options nor their values', () => {
    expect(moduleNames(['load'])).toEqual(['load']);
    expect(moduleNames(['load', '--clients', '50', 'crash', '--seconds=20'])).toEqual(['load', 'crash']);
    expect(moduleNames(['--clients', '50'])).toEqual([]);
  });

  it('an option comes from the arguments, else the environment, else the default', () => {
    const args = ['load', '--clients', '50', '--seconds=20'];
    expect(optionText('clients', 'NOPE', args)).toBe('50');
    expect(numberOption('seconds', 'NOPE', 60, args)).toBe(20);
    process.env.BENCH_TEST_OPTION = '7';
    expect(numberOption('other', 'BENCH_TEST_OPTION', 1, args)).toBe(7);
    delete process.env.BENCH_TEST_OPTION;
    expect(numberOption('other', 'BENCH_TEST_OPTION', 1, args)).toBe(1);
    expect(() => numberOption('clients', 'NOPE', 1, ['--clients', 'many'])).toThrow(/--clients/);
  });
});
