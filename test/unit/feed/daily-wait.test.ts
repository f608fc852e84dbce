import { describe, expect, it } from 'vitest';
import { untilDayWritten } from '../../../functions/app/daily.js';
import { turkeyDayBounds } from '../../../functions/domain/evidence/daily.js';

const end = turkeyDayBounds('2026-11-25').end; // 2026-11-25T21:00:00Z

describe('the scheduled daily job waits for its day to be written', () => {
  it('goes on once the watermark passes the day’s last second, waiting as long as it is behind', async () => {
    const seen = [end - 100, end - 2, end - 1];
    const sleeps: number[] = [];
    const w = await untilDayWritten('2026-11-25', {
      watermark: async () => seen.shift()!,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      timeoutMs: 60_000,
    });
    expect(w).toBe(end - 1);
    expect(sleeps).toEqual([5000, 5000]);
  });

  it('fails after its time when the stream stays behind (the schedule retries)', async () => {
    let reads = 0;
    await expect(
      untilDayWritten('2026-11-25', {
        watermark: async () => {
          reads++;
          return end - 10;
        },
        sleep: async () => {},
        timeoutMs: 20_000,
      }),
    ).rejects.toThrow(/still being written/);
    expect(reads).toBe(5);
  });
});
