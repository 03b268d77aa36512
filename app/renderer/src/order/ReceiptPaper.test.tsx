// @vitest-environment node
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ReceiptPaper } from './ReceiptPaper';

afterEach(cleanup);

describe('receipt preview', () => {
  it('keeps the text and layout classes, drops scripts, styles, attributes and unknown tags', () => {
    const html = `<!doctype html><html><head><title>T</title><style>body{color:red}</style></head><body>
      <article class="receipt"><h1 class="c big">Καφενείο</h1><div class="row"><span>1 × Koulouri</span><span>0,80 €</span></div>
      <img src=x onerror="window.hacked=1"><script>window.hacked=2</script><a href="javascript:alert(1)" onclick="x()">link text</a>
      <div class="sub" onmouseover="x()" style="color:red">note</div><hr></article></body></html>`;
    render(<ReceiptPaper html={html} />);
    const paper = screen.getByTestId('receipt-preview');
    expect(paper.textContent).toContain('Καφενείο');
    expect(paper.textContent).toContain('1 × Koulouri');
    expect(paper.textContent).toContain('link text');
    expect(paper.textContent).not.toContain('hacked');
    expect(paper.textContent).not.toContain('color:red');
    expect(paper.querySelector('script, style, img, a, iframe')).toBeNull();
    expect(paper.querySelector('[onerror], [onclick], [onmouseover], [style], [href], [src]')).toBeNull();
    expect(paper.querySelector('h1')?.className).toBe('c big');
    expect(paper.querySelectorAll('.row span')).toHaveLength(2);
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });
});

describe('receipt preview with a fiscal QR (issue 15)', () => {
  it('draws the fiscal QR again from its checked viewBox and path', () => {
    const html = `<article class="receipt"><div>ΜΑΡΚ 400001</div><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" data-qr="fiscal"><rect width="29" height="29" fill="#fff"/><path d="M4 4h7v1h-7zM12 4h1v1h-1z" fill="#000"/></svg></article>`;
    render(<ReceiptPaper html={html} />);
    const qr = screen.getByTestId('receipt-qr');
    expect(qr.getAttribute('viewBox')).toBe('0 0 29 29');
    expect(qr.querySelector('path')?.getAttribute('d')).toBe('M4 4h7v1h-7zM12 4h1v1h-1z');
  });

  it('drops any other SVG, or a fiscal one whose path or box is not plain numbers', () => {
    for (const svg of [
      '<svg viewBox="0 0 29 29"><path d="M4 4h1v1h-1z"/></svg>',
      '<svg viewBox="0 0 29 29" data-qr="fiscal"><path d="M4 4h1v1h-1z" onload="window.hacked=3"/><script>window.hacked=4</script><foreignObject><img src=x onerror="window.hacked=5"></foreignObject></svg>'.replace('M4 4h1v1h-1z', 'javascript:alert(1)'),
      '<svg viewBox="0 0 29 30" data-qr="fiscal"><path d="M4 4h1v1h-1z"/></svg>',
      '<svg viewBox="0 0 29 29" data-qr="fiscal"><use href="https://evil.test/x.svg#a"/></svg>',
    ]) {
      cleanup();
      render(<ReceiptPaper html={`<article class="receipt"><div>x</div>${svg}</article>`} />);
      const paper = screen.getByTestId('receipt-preview');
      expect(paper.querySelector('svg'), svg).toBeNull();
      expect(paper.querySelector('script, img, use, foreignObject, [onload], [href]')).toBeNull();
    }
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });
});
