import { afterEach, describe, expect, it } from 'vitest';
import { javaAvailable, noJavaLine } from '../../../bin/local/dynamodb-local.js';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('DynamoDB Local needs Java', () => {
  it('finds no Java on a PATH without one, and says so in one line with the way out', () => {
    process.env.PATH = '/nonexistent';
    expect(javaAvailable()).toBe(false);
    expect(noJavaLine).not.toContain('\n');
    expect(noJavaLine).toMatch(/moto/);
    expect(noJavaLine).toMatch(/Java 17/);
  });
});
