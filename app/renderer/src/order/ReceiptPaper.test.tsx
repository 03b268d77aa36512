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
