import { defineSpec } from '../http/operation.js';
import { processStartBody, processStartResponse } from '../schemas/frame.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'start-widget-process',
  method: 'POST',
  path: '/widget/process/start/{widgetUUID}',
  summary:
    'VİA Frame - Start Process: doğrulama kodunu gönderir ve requestId üretir. Yalnızca widget çerçevesinden (Origin); cookieKey, csrfToken ve geçerli nonceKey ile. Gönderilen nonce harcanır; sonraki X-Nonce-Key başlığında ve message.nonceKey’de. Bir oturumda 3 denemeden sonra captcha istenir (status CAPTCHA_REQUIRED).',
  tag: 'VİA FRAME',
  auth: 'none',
  body: processStartBody,
  // The ViA core's codes keep the status its own startViaRequest gives them.
  statusOverrides: { H1060: 400, H1061: 400, H1063: 400 },
  responses: {
    200: { description: 'İşlem Başarılı (ya da CAPTCHA_REQUIRED)', schema: processStartResponse },
    400: {
      description:
        'X096: widget bu değeri sunmuyor; ViA çekirdeğinin kodları: H1000, H1005, H1010, H1012, H1013, H1014, H1015, H1025, H1026, H1027, H1029, H1042, H1043, H1054, H1055, H1057, H1060, H1061, H1063, H1065, H1066, H1085, H1086, H1092, H1096',
      schema: errorBody,
    },
    403: {
      description:
        'X091: başka köken; X092: nonce tekrar kullanıldı veya geçersiz; X093: csrfToken, cookieKey veya oturum geçersiz',
      schema: errorBody,
    },
    404: { description: 'X090', schema: errorBody },
    422: { description: 'X008, X049, H114, H116, H170', schema: errorBody },
    429: { description: 'X071 alıcıya veya hizmet sağlayıcıya sınır (Retry-After)', schema: errorBody },
    500: { description: 'H1017', schema: errorBody },
  },
});
