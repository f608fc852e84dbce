import { defineSpec } from '../http/operation.js';
import { publicKeyResponse } from '../schemas/frame.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'frame-public-key',
  method: 'GET',
  path: '/widget/publicKey/{widgetUUID}',
  summary:
    'VİA Frame Get Public Key: her isteğe özel anahtar. message[0] = "nonce|alan adı": widget ve isteğin Origin’ine bağlı, 10 dakika geçerli, tek kullanımlık nonce. Yalnızca widget’ın izin verilen kökenlerinden (CORS).',
  tag: 'VİA FRAME',
  auth: 'none',
  responses: {
    200: { description: 'İşlem Başarılı', schema: publicKeyResponse },
    403: { description: 'X091: Origin widget’ın kökenlerinden değil', schema: errorBody },
    404: { description: 'X090', schema: errorBody },
  },
});
