// The console's building blocks on the shared design system (portal/ds.css): labelled fields with their
// error line, errors placed beside the field the API names, tables, downloads. Values always as text.
import { el } from '/portal/format.js';

export { el };

let seq = 0;

export function say(text, kind = '') {
  const s = document.getElementById('status');
  s.className = `notice ${kind}`;
  s.textContent = text;
}

/**
 * A labelled control. `name` is the API's field name (errors are matched to it); `options` makes a select
 * ([value, label] pairs); `type: 'textarea'` a text area.
 */
export function field({ name, label, type = 'text', options, hint, required, value, attrs = {}, wide }) {
  const id = `f-${name}-${++seq}`;
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  let input;
  if (options) {
    input = el('select', { id, name, 'aria-describedby': described, required, ...attrs });
    for (const [v, l] of options) input.append(el('option', { value: v, text: l, selected: v === value }));
  } else if (type === 'textarea') {
    input = el('textarea', { id, name, 'aria-describedby': described, required, ...attrs });
    if (value) input.value = value;
  } else {
    input = el('input', { id, name, type, 'aria-describedby': described, required, value, ...attrs });
  }
  return el(
    'div',
    { class: `field${wide ? ' wide' : ''}`, 'data-field': name },
    el('label', { for: id, text: label }),
    hint ? el('span', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    input,
    el('p', { id: `${id}-error`, class: 'field-error' }),
  );
}

/** A form's values by field name (empty ones left out: İYS refuses empty optional fields). */
export function values(form) {
  const out = {};
  for (const i of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    const v = i.type === 'checkbox' ? i.checked : i.value.trim();
    if (v !== '' && v !== false) out[i.name] = v;
  }
  return out;
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) p.replaceChildren();
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/**
 * Puts each error beside the field its `location` names (the last name in the path), with the H-code and
 * the Turkish message; errors of no field on the form go to the status line. Focus moves to the first
 * field in error and the status line announces that there are errors.
 */
export function showErrors(form, e, rename = {}) {
  clearErrors(form);
  const rest = [];
  let first = null;
  for (const err of e.errors ?? [{ message: e.message }]) {
    const path = Array.isArray(err.location) ? err.location.filter((x) => typeof x === 'string') : [];
    const name = rename[path.at(-1)] ?? path.at(-1);
    const box = name ? form.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
    if (!box) {
      rest.push(err.code ? `${err.code}: ${err.message}` : err.message);
      continue;
    }
    box
      .querySelector('.field-error')
      .append(el('span', { class: 'code', text: err.code ?? '' }), err.message, ' ');
    const input = box.querySelector('input, select, textarea');
    input.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  if (first) {
    say(
      `Formda ${rest.length ? 've istekte ' : ''}düzeltilmesi gereken alanlar var. ${rest.join(' ')}`,
      'error',
    );
    first.focus();
  } else say(rest.join(' ') || 'İşlem yapılamadı.', 'error');
}

/** A table in its own scrolling box (the page never scrolls sideways). */
export function table(caption, headers, rows, numeric = []) {
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    el(
      'table',
      {},
      el('caption', { text: caption }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...headers.map((h, i) =>
            el('th', { scope: 'col', class: numeric.includes(i) ? 'num' : '', text: h }),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...rows.map((r) =>
          el(
            'tr',
            {},
            ...r.map((c, i) =>
              c instanceof Node
                ? el('td', {}, c)
                : el('td', { class: numeric.includes(i) ? 'num' : '', text: String(c ?? '') }),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A label/value list. */
export function pairs(list) {
  const dl = el('dl', { class: 'pairs' });
  for (const [k, v] of list)
    dl.append(
      el('dt', { text: k }),
      v instanceof Node ? el('dd', {}, v) : el('dd', { text: String(v ?? '—') }),
    );
  return dl;
}

/** A link that saves bytes as a file (object URL; no other host involved). */
export function downloadLink(text, fileName, data, type = 'application/octet-stream') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  return el('a', { class: 'btn btn-secondary', href: URL.createObjectURL(blob), download: fileName, text });
}

export function base64Bytes(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Runs an async action from a button: disabled while it runs, errors to the form or the status line. */
export function submit(form, action, rename) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    clearErrors(form);
    try {
      await action(values(form));
    } catch (e) {
      if (e?.errors || e?.status) showErrors(form, e, rename);
      else say(e?.message ?? String(e), 'error');
    } finally {
      if (button) button.disabled = false;
    }
  });
}
