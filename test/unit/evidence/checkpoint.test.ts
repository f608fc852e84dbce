import { describe, expect, it } from 'vitest';
import {
  checkpointOrigin,
  formatCheckpoint,
  parseCheckpoint,
} from '../../../functions/domain/evidence/checkpoint.js';
import { emptyRoot } from '../../../functions/domain/evidence/merkle.js';

const root = new Uint8Array(
  Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex'),
);

describe('checkpoint', () => {
  it('formats origin, decimal size and base64 root, each newline-terminated', () => {
    const text = formatCheckpoint({ origin: checkpointOrigin('654321'), treeSize: 8, rootHash: root });
    expect(text).toBe('iys.example/sps/654321\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
  });

  it('round-trips, including the empty tree and extension lines', () => {
    const a = { origin: checkpointOrigin(1), treeSize: 0, rootHash: emptyRoot() };
    expect(parseCheckpoint(formatCheckpoint(a))).toEqual(a);
    const b = { origin: 'iys.example/sps/7', treeSize: 123456789, rootHash: root, extensions: ['ext one'] };
    expect(parseCheckpoint(formatCheckpoint(b))).toEqual(b);
    expect(parseCheckpoint(new TextEncoder().encode(formatCheckpoint(b)))).toEqual(b);
  });

  it('rejects malformed text', () => {
    const good = 'iys.example/sps/1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';
    expect(() => parseCheckpoint(good)).not.toThrow();
    const bad = [
      good.slice(0, -1), // no final newline
      'iys.example/sps/1\n8\n', // no root
      '\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', // empty origin
      'iys.example/sps/1\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', // leading zero
      'iys.example/sps/1\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
      'iys.example/sps/1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7_RgQyg=\n', // base64url
      'iys.example/sps/1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n', // non-canonical bits
      'iys.example/sps/1\n8\nAAAA\n', // wrong length
      'iys.example/sps/1\r\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
      'iys.example/sps/1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n', // empty extension line
    ];
    for (const t of bad) expect(() => parseCheckpoint(t), JSON.stringify(t)).toThrow();
    expect(() => formatCheckpoint({ origin: 'a\nb', treeSize: 1, rootHash: root })).toThrow();
    expect(() => formatCheckpoint({ origin: 'a', treeSize: 1, rootHash: root.slice(1) })).toThrow();
    expect(() => checkpointOrigin('a/b')).toThrow();
  });
});
