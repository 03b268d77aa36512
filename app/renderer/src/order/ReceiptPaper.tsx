/**
 * Shows core's receipt HTML on screen as React elements built from the parsed document: only a
 * few layout tags and their `class` are kept, so nothing in it can run (no innerHTML, no
 * attributes, no scripts) and its text is real page text (readable, selectable, testable).
 * One exception: the fiscal QR code (issue 15: AADE's link, core's `<svg data-qr="fiscal">`)
 * is drawn again from its viewBox and path only when both are nothing but numbers and the
 * path's own rectangle commands; any other SVG is dropped as before.
 * Printing goes through ESC/POS, not this view.
 */
import { Fragment, createElement, useMemo } from 'react';
import type { ReactNode } from 'react';

const KEEP = new Set(['article', 'div', 'span', 'p', 'h1', 'h2', 'hr', 'b', 'strong', 'br', 'section', 'header', 'footer']);
const DROP = new Set(['script', 'style', 'title', 'head', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'link', 'meta']);
const VOID = new Set(['hr', 'br']);

const QR_VIEWBOX = /^0 0 (\d{1,3}) \1$/;
const QR_PATH = /^(M\d{1,3} \d{1,3}h\d{1,3}v1h-\d{1,3}z)+$/;

/** The fiscal QR rebuilt from checked numbers, or null (dropped) when it is anything else. */
function fiscalQr(el: Element, key: number): ReactNode {
  const viewBox = el.getAttribute('viewBox') ?? el.getAttribute('viewbox') ?? '';
  const d = el.querySelector('path')?.getAttribute('d') ?? '';
  const size = QR_VIEWBOX.exec(viewBox)?.[1];
  if (el.getAttribute('data-qr') !== 'fiscal' || !size || !QR_PATH.test(d)) return null;
  return (
    <svg key={key} className="receipt-qr" viewBox={viewBox} shapeRendering="crispEdges" role="img" aria-label="QR" data-testid="receipt-qr">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (tag === 'svg') return fiscalQr(el, key);
  if (DROP.has(tag)) return null;
  const children = Array.from(el.childNodes, (c, i) => toReact(c, i));
  if (!KEEP.has(tag)) return <Fragment key={key}>{children}</Fragment>;
  const className = el.getAttribute('class') ?? undefined;
  return createElement(tag, { key, className }, VOID.has(tag) ? undefined : children);
}

export function receiptNodes(html: string): ReactNode[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const root = doc.querySelector('.receipt') ?? doc.body;
  return Array.from(root.childNodes, (c, i) => toReact(c, i));
}

export function ReceiptPaper({ html }: { html: string }) {
  const nodes = useMemo(() => receiptNodes(html), [html]);
  return <div className="receipt-paper" data-testid="receipt-preview">{nodes}</div>;
}
