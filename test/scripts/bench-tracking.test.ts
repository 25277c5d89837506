import { describe, expect, test } from '@jest/globals';
import { Cleanup } from '../../scripts/lib/figures/cleanup.js';
import { DeliveryTracker } from '../../scripts/lib/load/delivery-tracker.js';
import { benchSeq } from '../../scripts/lib/load/lesson-3.js';
import { tamperedToken } from '../../scripts/lib/load/login.js';
import { ProgressLine } from '../../scripts/lib/figures/progress-line.js';

describe('delivery book-keeping', () => {
  test('a message is in flight until every receiver has it; latency per delivery', () => {
    let now = 0;
    const tracker = new DeliveryTracker({ receivers: 2, window: 1, deadlineMs: 5000, now: () => now });
    const seq = tracker.send();
    expect(tracker.hasRoom()).toBe(false);
    now = 10;
    tracker.received(seq);
    now = 30;
    tracker.received(seq);
    tracker.received(seq); // a duplicate is ignored
    expect(tracker.hasRoom()).toBe(true);
    expect(tracker.latencies).toEqual([10, 30]);
    expect(tracker.delivered).toBe(2);
  });

  test('what does not arrive by the deadline is lost; a refused message frees its slot', () => {
    let now = 0;
    const tracker = new DeliveryTracker({ receivers: 3, window: 2, deadlineMs: 100, now: () => now });
    const first = tracker.send();
    const second = tracker.send();
    tracker.received(first);
    tracker.refusedBy(second);
    now = 100;
    tracker.expire();
    expect({ lost: tracker.lost, refused: tracker.refused, inFlight: tracker.inFlight.size }).toEqual({
      lost: 2,
      refused: 1,
      inFlight: 0,
    });
    tracker.send();
    tracker.abandon();
    expect(tracker.lost).toBe(5);
  });
});

describe('closing what the bench opened', () => {
  test('newest first, a failing closer does not stop the others, a forgotten one is not called', async () => {
    const cleanup = new Cleanup();
    const closed: string[] = [];
    cleanup.add('a', () => closed.push('a'));
    cleanup.add('b', () => {
      throw new Error('b failed');
    });
    const forget = cleanup.add('c', () => closed.push('c'));
    cleanup.add('d', async () => closed.push('d'));
    forget();
    await cleanup.closeAll();
    expect(closed).toEqual(['d', 'a']);
    await cleanup.closeAll();
    expect(closed).toEqual(['d', 'a']);
  });

  test('a closer that hangs is given up at the deadline', async () => {
    const cleanup = new Cleanup();
    const closed: string[] = [];
    cleanup.add('quick', () => closed.push('quick'));
    cleanup.add('hangs', () => new Promise(() => {}));
    await cleanup.closeAll(20);
    expect(closed).toEqual(['quick']);
  });
});

describe('the progress line', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return {
      written,
      stream: { isTTY, columns: 40, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
    };
  };

  test('rewritten in place on a terminal, and cleared', () => {
    const { written, stream: tty } = stream(true);
    const line = new ProgressLine(tty);
    line.update('one');
    line.update('two');
    line.clear();
    expect(written).toEqual(['\r\u001b[Kone', '\r\u001b[Ktwo', '\r\u001b[K']);
  });

  test('plain lines elsewhere, at most one a second unless a step', () => {
    let now = 0;
    const { written, stream: file } = stream(false);
    const line = new ProgressLine(file, () => now);
    line.update('a');
    line.update('b');
    line.update('step', { step: true });
    now = 1500;
    line.update('c');
    line.clear();
    expect(written).toEqual(['a\n', 'step\n', 'c\n']);
  });
});

describe('wire helpers', () => {
  test('a tampered token keeps its header and payload, not its signature', () => {
    const [header, payload, signature] = tamperedToken('aaa.bbb.Acc').split('.');
    expect([header, payload]).toEqual(['aaa', 'bbb']);
    expect(signature).toBe('Bcc');
    expect(tamperedToken('aaa.bbb.ccc')).toBe('aaa.bbb.Acc');
  });

  test('a notification the bench published', () => {
    expect(benchSeq(JSON.stringify({ id: 3, title: 'bench', body: 'bench 42' }))).toBe(42);
    expect(benchSeq(JSON.stringify({ id: 3, title: 'hello', body: 'bench 42' }))).toBeUndefined();
    expect(benchSeq('not json')).toBeUndefined();
  });
});
