import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaHashLinksBody, viaHashLinksResponse } from '../schemas/links.js';

export const spec = defineSpec({
  operationId: 'via-hash-links',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/via-hash-links',
  summary: 'E-posta ret linki üretme (en fazla 100 alıcı, yalnızca ONAY izinler, tek kullanımlık, 90 gün)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: () => ['EPOSTA'] },
  body: viaHashLinksBody,
  responses: {
    200: { description: 'Linkler (ONAY olmayanlar için H568)', schema: viaHashLinksResponse },
    400: { description: 'H097', schema: errorBody },
    422: { description: 'H114, H116, H120, H168, H170, H464, X048', schema: errorBody },
  },
});
