import { describe, expect, it } from 'vitest';
import { pipelineCodes } from '../../../functions/http/operation.js';
import { spec as addConsent } from '../../../functions/specs/add-consent.js';
import { specs } from '../../../functions/specs/index.js';
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
        .filter((d) => /[HX]\d{3,4}[A-Za-z0-9]/.test(d))
        .map((d) => `${s.operationId}: ${d}`),
    );
    expect(glued).toEqual([]);
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
