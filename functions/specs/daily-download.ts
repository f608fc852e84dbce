import type { Artefact, DailyFile } from '../domain/evidence/daily.js';
import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/** One of the day's downloads: the day file or a list; the CSV, its time stamp, or its signature. */
export interface DailyDownload {
  operationId: string;
  path: string;
  summary: string;
  kind: Artefact;
  /** A fixed file, or the list named by the path's `{list}`. */
  file?: DailyFile;
}

/** The day's downloads differ only in the path, the artefact and which file: one spec for all of them. */
export function dailyDownloadSpec(o: DailyDownload) {
  return defineSpec({
    operationId: o.operationId,
    method: 'GET',
    path: o.path,
    summary: o.summary,
    tag: 'MUTABAKAT YÖNETİMİ',
    auth: 'bearer',
    rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', agreementControl: true },
    responses: {
      200: { description: 'İşlem Başarılı' },
      204: { description: 'Dosya bulunamadı.' },
      302: { description: 'Büyük dosya: kısa ömürlü indirme bağlantısı (Location)' },
      422: { description: 'H501, H502', schema: errorBody },
    },
  });
}
