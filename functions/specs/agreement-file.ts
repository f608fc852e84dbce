import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** agreementFile: the day's movement CSV (columns and order of iys-reference §7.11). */
export const download: DailyDownload = {
  operationId: 'agreementFile',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file',
  summary: 'Günlük İzin Hareket Dosyası İndirme',
  kind: 'csv',
  file: 'changes',
};

export const spec = dailyDownloadSpec(download);
