import { describe, expect, it } from 'vitest';
import { parseSseChunk } from './sse';
import { createFormatters } from '../format';

describe('server-sent events parser', () => {
  it('yields complete events, keeps the unfinished tail, skips comments', () => {
    const { events, rest } = parseSseChunk(': keep-alive\n\nevent: license\ndata: {"state":"active"}\n\nevent: orders\ndata: {"id":"o1"}\n\nevent: pri');
    expect(events).toEqual([{ event: 'license', data: { state: 'active' } }, { event: 'orders', data: { id: 'o1' } }]);
    expect(rest).toBe('event: pri');
  });
  it('handles CRLF and multi-line data', () => {
    expect(parseSseChunk('event: x\r\ndata: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'x', data: 'a\nb' }]);
  });
});

describe('money formatting', () => {
  it('formats cents by locale and parses typed amounts to cents without floats', () => {
    const el = createFormatters('el-GR', 'EUR');
    expect(el.money(123456)).toMatch(/1\.234,56\s€/);
    expect(el.parseMoney('12,5')).toBe(1250);
    expect(el.parseMoney('0.07')).toBe(7);
    expect(el.parseMoney('1.234')).toBeNull();
    expect(el.parseMoney('abc')).toBeNull();
    expect(createFormatters('en-IE', 'EUR').money(350)).toBe('€3.50');
    expect(createFormatters('ja-JP', 'JPY').parseMoney('500')).toBe(500);
  });
});
