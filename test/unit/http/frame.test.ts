import { describe, expect, it } from 'vitest';
import type { Widget } from '../../../functions/domain/via/frame.js';
import { corsHeaders, embedHtml, frameCsp, framePage } from '../../../functions/http/frame.js';

const widget: Widget = {
  widgetUUID: '123e4567-e89b-12d3-a456-426614174002',
  iysCode: 700001,
  name: 'Kampanya <script>alert(1)</script>',
  brandCodes: [700001],
  etkTypes: ['MESAJ', 'EPOSTA'],
  kvkTypes: ['AYDINLATMA_METNI'],
  recipientType: 'BIREYSEL',
  verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
  allowedOrigins: ['https://magaza.example'],
  formText: 'Birinci "paragraf" & <b>kalın</b>\n\nİkinci',
  kvkText: "KVK <img src=x onerror='x'>",
  formId: 1,
  createdAt: '',
  createdBy: 'u',
};

describe('the frame page', () => {
  it('escapes every text the provider wrote, and has no inline script or style', () => {
    const html = framePage(widget, ['Örnek <Marka>']);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Kampanya &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      '<p>Birinci &quot;paragraf&quot; &amp; &lt;b&gt;kalın&lt;/b&gt;</p>\n<p>İkinci</p>',
    );
    expect(html).toContain('KVK &lt;img src=x onerror=&#39;x&#39;&gt;');
    expect(html).toContain('Örnek &lt;Marka&gt;');
    // The real tags (text is escaped, so every `<` left opens one): no inline script, style or handler.
    const tags = html.match(/<[a-z][^>]*>/g) ?? [];
    expect(tags.filter((t) => /^<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=/.test(t))).toEqual([]);
    expect(html).toContain('<html lang="tr">');
    // Every input has its label.
    const ids = [...html.matchAll(/<input[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(html, id).toContain(`for="${id}"`);
  });

  it('lets only the widget’s origins frame it, and answers CORS only to them', () => {
    expect(frameCsp(widget)).toContain('frame-ancestors https://magaza.example');
    expect(frameCsp(widget)).not.toMatch(/unsafe|\*/);
    expect(corsHeaders(widget, 'https://magaza.example')).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://magaza.example',
    });
    expect(corsHeaders(widget, 'https://kotu.example')).toEqual({ vary: 'Origin' });
    expect(corsHeaders(undefined, 'https://magaza.example')).toEqual({ vary: 'Origin' });
    expect(embedHtml(widget, 'https://api.example')).toBe(
      `<div id="${widget.widgetUUID}"></div>\n<script src="https://api.example/widget/load-widgetloader/${widget.widgetUUID}" async></script>`,
    );
  });
});
