import type { DailyManifest } from '../../../functions/adapters/evidence-store.js';
import type { DailyObjects, DailyPorts, FileSink } from '../../../functions/app/daily.js';

/**
 * In-memory fakes of the daily files' own ports (functions/app/daily.ts); the feed, the PKI and the
 * directory are the evidence log's (evidence-fakes.ts).
 */
/** The Reports bucket's evidence objects; a writer keeps its parts until it closes. */
export function memoryObjects() {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  const calls = { puts: 0, aborted: [] as string[] };
  const ports: DailyObjects = {
    writer: (key, contentType): FileSink => {
      const parts: string[] = [];
      return {
        write: async (c) => {
          parts.push(c);
        },
        close: async () => {
          objects.set(key, { body: Buffer.from(parts.join(''), 'utf8'), contentType });
        },
        abort: async () => {
          calls.aborted.push(key);
        },
      };
    },
    put: async (key, body, contentType) => {
      calls.puts++;
      objects.set(key, { body, contentType });
    },
    get: async (key) => objects.get(key)?.body,
    presignedUrl: async (key) => `https://reports.example/${key}?signed`,
  };
  return { ports, objects, calls };
}

/** Day manifests (with the agreement kept over a rebuild, as the store does) and day markers. */
export function memoryManifests() {
  const manifests = new Map<string, DailyManifest>();
  const days = new Map<string, { iysCode: number; brandCode: number }[]>();
  const calls = { dayBrands: [] as string[] };
  const k = (iysCode: number, brandCode: number, date: string) => `${iysCode}|${brandCode}|${date}`;
  const ports: DailyPorts['manifests'] = {
    getDaily: async (iysCode, brandCode, date) => manifests.get(k(iysCode, brandCode, date)),
    putDaily: async (m) => {
      const before = manifests.get(k(m.iysCode, m.brandCode, m.date));
      const { agreementStatus: _a, ...rest } = m;
      manifests.set(k(m.iysCode, m.brandCode, m.date), {
        ...rest,
        ...(before?.agreementStatus ? { agreementStatus: true } : {}),
      });
    },
    setAgreement: async (iysCode, brandCode, date) => {
      const m = manifests.get(k(iysCode, brandCode, date));
      if (!m) return false;
      m.agreementStatus = true;
      return true;
    },
    dayBrands: async (day) => {
      calls.dayBrands.push(day);
      return days.get(day) ?? [];
    },
  };
  return { ports, manifests, days, calls, key: k };
}
