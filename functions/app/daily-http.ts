import { IysError } from '../domain/errors.js';
import type { DailyFile } from '../domain/evidence/daily.js';
import { json, type Request, type Response } from '../http/operation.js';
import type { DailyDownload } from '../specs/daily-download.js';
import type { Artefact, Reconciliation } from './daily.js';

/** The download operations' shared answer: 204 without a file, the bytes, or a redirect for a big file. */
const types: Record<Artefact, string> = {
  csv: 'text/csv; charset=utf-8',
  tsr: 'application/timestamp-reply',
  p7s: 'application/pkcs7-signature',
};

export async function dailyDownload(
  daily: Reconciliation,
  codes: { iysCode?: number; brandCode?: number },
  reportDate: string | undefined,
  file: DailyFile,
  kind: Artefact,
): Promise<Response> {
  const date = daily.checkReportDate(reportDate);
  const r = await daily.download(codes.iysCode!, codes.brandCode!, date, file, kind);
  if (!r) return json(204);
  if ('url' in r) return { status: 302, headers: { location: r.url } };
  const name = `${codes.iysCode}-${codes.brandCode}-${date}-${file}.${kind}`;
  return {
    status: 200,
    headers: { 'content-disposition': `attachment; filename="${name}"` },
    raw: { contentType: types[kind], data: Buffer.from(r.bytes).toString('base64'), isBase64: true },
  };
}

export function listName(list: string | undefined): DailyFile | undefined {
  return list === 'approvals' || list === 'rejections' ? list : undefined;
}

/** The use-case call of a day's download (its spec: functions/specs/daily-download.ts). */
export function dailyDownloadRun(daily: Reconciliation, o: DailyDownload) {
  return async (req: Request): Promise<Response> => {
    const file = o.file ?? listName(req.path.list);
    if (!file) throw IysError.of('X002', { location: ['list'], value: req.path.list });
    return dailyDownload(daily, req.codes, req.path.reportDate, file, o.kind);
  };
}
