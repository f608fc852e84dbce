import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** Extension: the detached CMS signature (.p7s, provider key) of the day's file. */
export const download: DailyDownload = {
  operationId: 'agreementFileSignature',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file/signature',
  summary: 'Günlük dosyanın CMS imzası (.p7s)',
  kind: 'p7s',
  file: 'changes',
};

export const spec = dailyDownloadSpec(download);
