import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** The day's approvals (ONAY) or rejections (RET) list, same columns as the day file. */
export const download: DailyDownload = {
  operationId: 'dailyList',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}',
  summary: 'Günlük onay / ret listesi (CSV)',
  kind: 'csv',
};

export const spec = dailyDownloadSpec(download);
