// Live overview snapshots: server-sent events from /api/warren/events, read with fetch (EventSource
// cannot send Authorization), and, when streaming fails, polling /api/overview every 5 s.
import { api, credentials } from './api.js';

const PERIOD = 5000;

/** Calls onSnapshot(overview, mode) until the returned stop() is called. mode: 'events' | 'polling'. */
export function liveOverview(onSnapshot, onError) {
  let stopped = false;
  let controller = null;
  let timer = null;

  async function stream() {
    controller = new AbortController();
    const res = await fetch('api/warren/events', {
      headers: { 'Authorization': `Basic ${credentials()}`, 'Accept': 'text/event-stream' },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return; // the server ends a stream after a minute: reconnect
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
        if (data) onSnapshot(JSON.parse(data), 'events');
      }
    }
  }

  async function poll() {
    while (!stopped) {
      try { onSnapshot(await api('/overview'), 'polling'); } catch (e) { onError(e); }
      await new Promise(r => { timer = setTimeout(r, PERIOD); });
    }
  }

  (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        await stream();
        failures = 0;
      } catch (e) {
        if (stopped) return;
        if (++failures >= 2) { poll(); return; } // a proxy that buffers or refuses streams: poll instead
      }
    }
  })();

  return () => { stopped = true; if (controller) controller.abort(); clearTimeout(timer); };
}
