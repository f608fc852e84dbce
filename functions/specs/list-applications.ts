import { defineSpec } from '../http/operation.js';
import { applicationListQuery } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'listApplications',
  method: 'GET',
  path: '/applications',
  summary: 'Başvuruları listele (OPERATOR), isteğe bağlı status=PENDING|APPROVED|REJECTED.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  query: applicationListQuery,
  responses: {
    200: { description: 'Başvurular' },
    400: { description: 'H363', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
  },
});
