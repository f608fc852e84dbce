import { describe, expect, it } from 'vitest';
import { IysError } from '../../../functions/domain/errors.js';
import { errorResponse } from '../../../functions/http/api-handler.js';
import { pipelineCodes, statusOf } from '../../../functions/http/operation.js';
import { spec as addConsent } from '../../../functions/specs/add-consent.js';
import { spec as createRetailer } from '../../../functions/specs/create-retailer.js';
import { specs } from '../../../functions/specs/index.js';
import { spec as searchRetailers } from '../../../functions/specs/search-retailers.js';
import { AnswerLog, codesOf } from '../../integration/answers.js';

/**
 * Documented errors: each spec lists its use case's codes and gets the request pipeline's own (body, path,
 * token, rights, subscription gate) added by status; the integration harness refuses to stop when an
 * answered code is not documented (test/integration/answers.ts).
 */
describe('documented errors', () => {
  it('adds the pipeline’s codes to the statuses İYS gives them', () => {
    expect(pipelineCodes(addConsent as unknown as Parameters<typeof pipelineCodes>[0])).toEqual(
      expect.arrayContaining([
        'H014',
        'X001',
        'H190',
        'H191',
        'H351',
        'H363',
        'H353',
        'H001',
        'H018',
        'H524',
        'H586',
      ]),
    );
    expect(codesOf(addConsent.responses[401]!.description)).toContain('H351');
    expect(codesOf(addConsent.responses[403]!.description)).toEqual(
      new Set(['H353', 'H180', 'H524', 'H521', 'H520', 'H586']),
    );
    expect(codesOf(addConsent.responses[413]!.description)).toContain('X001');
    expect(codesOf(addConsent.responses[422]!.description)).toContain('H525');
  });

  it('reads single codes and ranges, and no description holds a code glued to other text', () => {
    expect([...codesOf('Field rules (H110–H113, H118); X010')]).toEqual([
      'H110',
      'H111',
      'H112',
      'H113',
      'H118',
      'X010',
    ]);
    const glued = specs().flatMap((s) =>
      Object.values(s.responses)
        .map((r) => r.description)
        .filter((d) => /[HX]\d{3,4}(?!\d)[A-Za-z]|[HX]\d{5}/.test(d))
        .map((d) => `${s.operationId}: ${d}`),
    );
    expect(glued).toEqual([]);
  });

  it('documents each status override under its status and under no other', () => {
    const wrong = specs().flatMap((s) =>
      Object.entries(s.statusOverrides ?? {}).flatMap(([code, status]) =>
        Object.entries(s.responses)
          .filter(([st, r]) => codesOf(r.description).has(code) !== (Number(st) === status))
          .map(([st]) => `${s.operationId} ${code}→${status}: ${st}`)
          .concat(s.responses[status] ? [] : [`${s.operationId} ${code}→${status}: no ${status} response`]),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('answers a refusal with the operation’s declared status for its first code, else the catalogue’s', () => {
    // H182 is 422 in the catalogue (consentsHistory), 400 in searchRetailers as İYS documents it there.
    expect(errorResponse(IysError.of('H182'), 'consentsHistory', 'r').status).toBe(422);
    expect(errorResponse(IysError.of('H182'), 'searchRetailers', 'r', searchRetailers).status).toBe(400);
    expect(statusOf(searchRetailers, 'H187')).toBe(400);
    expect(statusOf(addConsent, 'H118')).toBe(422);
    expect(statusOf(createRetailer, 'H118')).toBe(400);
    // Only the first code decides, as for the catalogue's status.
    const mixed = new IysError([
      { code: 'H214', message: 'x' },
      { code: 'H118', message: 'y' },
    ]);
    expect(errorResponse(mixed, 'createRetailer', 'r', createRetailer).status).toBe(400);
    expect(errorResponse(IysError.of('H351'), 'searchRetailers', 'r', searchRetailers).status).toBe(401);
  });

  it('the answer log finds an undocumented code and passes a documented one', () => {
    const log = new AnswerLog();
    const path = '/sps/700001/brands/700001/consents';
    log.record('POST', path, 422, { errors: [{ code: 'H115' }] });
    log.record('POST', path, 400, { errors: [{ code: 'H014' }] });
    expect(log.undocumented()).toEqual([]);
    log.record('POST', path, 422, { errors: [{ code: 'H999' }] });
    log.record('POST', path, 409, { errors: [{ code: 'H115' }] });
    expect(log.undocumented()).toEqual([
      { operationId: 'addConsent', status: 409, code: 'H115' },
      { operationId: 'addConsent', status: 422, code: 'H999' },
    ]);
  });
});
