import { tcknFrom, vknFrom } from '../../functions/domain/identity-numbers.js';

/**
 * createRetailer bodies with valid, distinct TCKN and VKN from `start` on (each test file its own range, so
 * that files sharing an emulator never collide), with any field overridden.
 */
export function retailerBodies(start: number) {
  let n = start;
  return (over: Record<string, unknown> = {}) => {
    n += 7;
    return {
      title: 'XYZ Ticaret',
      alias: 'Şişli Mağazası',
      name: 'Adım Soyadım',
      tckn: tcknFrom(String(n)),
      mobile: '+905325001111',
      tin: vknFrom(String(n + 3)),
      city: { code: '34', name: 'İstanbul' },
      town: { code: '421', name: 'Bakırköy' },
      ...over,
    };
  };
}
