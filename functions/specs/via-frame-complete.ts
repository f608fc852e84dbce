import { defineSpec } from '../http/operation.js';
import { processCompleteBody, processCompleteResponse } from '../schemas/frame.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'complete-widget-process',
  method: 'POST',
  path: '/widget/process/complete/{widgetUUID}',
  summary:
    'VİA Frame - Complete Process: doğrulama kodunu denetler ve onayı kaydeder (kaynak IYS_FRAME_SMS veya IYS_FRAME_EPOSTA). Start gibi korunur; nonce harcanır, sonraki X-Nonce-Key başlığında.',
  tag: 'VİA FRAME',
  auth: 'none',
  body: processCompleteBody,
  // İYS: 409 "Süreç daha önce tamamlanmış" (H1032); the ViA core's other codes keep their status.
  statusOverrides: { H1032: 409, H1060: 400, H1064: 400 },
  responses: {
    200: { description: 'Süreç başarıyla tamamlandı', schema: processCompleteResponse },
    400: {
      description:
        'X096, X098; ViA çekirdeğinin kodları: H1005, H1012, H1013, H1015, H1025, H1029, H1030, H1042, H1043, H1049, H1050, H1051, H1052, H1054, H1056, H1057, H1060, H1064, H1110',
      schema: errorBody,
    },
    403: {
      description:
        'X091: başka köken; X092: nonce tekrar kullanıldı veya geçersiz; X093: csrfToken, cookieKey veya oturum geçersiz',
      schema: errorBody,
    },
    404: { description: 'X090, X097', schema: errorBody },
    409: { description: 'H1032: süreç daha önce tamamlanmış; X010', schema: errorBody },
    422: { description: 'X008', schema: errorBody },
  },
});
