// Forms several pages share: bindings and publishing.
import { api, enc } from './api.js';
import { attempt, field, h, parseJson, show, values } from './dom.js';

export function xname(name) { return name === '' ? 'amq.default' : name; }

/** Publish to an exchange (the queue page publishes to the default exchange with the queue's name). */
export function publishForm(vhost, exchange, routingKey, after) {
  const form = h('form', { class: 'stack', id: 'publish-form' },
    field('routing key', h('input', { name: 'routing_key', value: routingKey })),
    field('headers (JSON)', h('textarea', { name: 'headers', rows: 2, placeholder: '{"x-tenant": "a"}' })),
    field('properties (JSON)', h('textarea', { name: 'properties', rows: 2, placeholder: '{"delivery_mode": 2, "content_type": "text/plain"}' })),
    field('payload', h('textarea', { name: 'payload', id: 'publish-payload' })),
    h('button', { type: 'submit', id: 'publish-button' }, 'Publish message'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      const properties = parseJson(v.properties, 'properties');
      const headers = parseJson(v.headers, 'headers');
      if (Object.keys(headers).length) properties.headers = headers;
      const r = await api(`/exchanges/${enc(vhost)}/${enc(xname(exchange))}/publish`, {
        method: 'POST', vhost,
        body: { routing_key: v.routing_key, properties, payload: v.payload, payload_encoding: 'string' },
      });
      show(r.routed ? 'info' : 'error', r.routed ? 'Message published.' : 'Message published but not routed to any queue.');
      if (after) after();
    });
  });
  return form;
}

/** Add a binding from `source` (or to `destination`), one of the two fixed. */
export function bindingForm(vhost, fixed, after) {
  const other = fixed.source !== undefined ? 'destination' : 'source';
  const form = h('form', { class: 'inline', id: 'binding-form' },
    other === 'destination'
      ? field('to', h('select', { name: 'dtype' }, h('option', { value: 'q' }, 'queue'), h('option', { value: 'e' }, 'exchange')))
      : null,
    field(other === 'destination' ? 'destination' : 'from exchange', h('input', { name: 'other', required: true, id: 'binding-other' })),
    field('routing key', h('input', { name: 'routing_key', id: 'binding-key' })),
    field('arguments (JSON)', h('input', { name: 'arguments', placeholder: '{"x-match": "all"}' })),
    h('button', { type: 'submit', id: 'binding-button' }, 'Bind'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      const source = fixed.source !== undefined ? fixed.source : v.other;
      const dest = fixed.destination !== undefined ? fixed.destination : v.other;
      const dtype = fixed.destination !== undefined ? fixed.dtype : v.dtype;
      await api(`/bindings/${enc(vhost)}/e/${enc(source)}/${dtype}/${enc(dest)}`, {
        method: 'POST', vhost, body: { routing_key: v.routing_key, arguments: parseJson(v.arguments, 'arguments') },
      });
      show('info', `Bound ${source} → ${dest}`);
      if (after) after();
    });
  });
  return form;
}

/** A binding row's unbind action. */
export async function unbind(b, after) {
  const t = b.destination_type === 'queue' ? 'q' : 'e';
  await attempt(async () => {
    await api(`/bindings/${enc(b.vhost)}/e/${enc(b.source)}/${t}/${enc(b.destination)}/${enc(b.properties_key)}`, { method: 'DELETE', vhost: b.vhost });
    show('info', 'Binding removed.');
    if (after) after();
  });
}
