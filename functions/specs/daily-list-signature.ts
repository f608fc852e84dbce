import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** Detached CMS signature (.p7s, provider key) of a day list. */
export const download: DailyDownload = {
  operationId: 'dailyListSignature',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}/signature',
  summary: 'Günlük listenin CMS imzası (.p7s)',
  kind: 'p7s',
};

export const spec = dailyDownloadSpec(download);
