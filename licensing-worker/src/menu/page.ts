// The public menu page (/m/<slug>): server-rendered HTML, mobile first, no scripts at all.
// Every piece of menu data goes through escapeHtml; the page's only style is its own CSS, allowed
// by its hash in the CSP (menu/routes.ts).
import type { MenuText, PublishedItem, PublishedMenu } from '../protocol/menu';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]!);

export const MENU_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f6f4ef}
header{padding:20px 16px 8px;background:#fff}h1{margin:0;font-size:26px}
nav{position:sticky;top:0;display:flex;gap:8px;overflow-x:auto;padding:10px 16px;background:#fff;border-bottom:1px solid #e4e0d8}
nav a{flex:none;padding:8px 14px;border-radius:999px;background:#efe9dd;color:#1d232a;text-decoration:none;font-weight:600}
main{padding:8px 16px 32px;max-width:720px;margin:0 auto}section{scroll-margin-top:64px}h2{margin:24px 0 8px;font-size:21px}
.item{background:#fff;border-radius:12px;padding:12px 14px;margin:8px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.row{display:flex;justify-content:space-between;gap:12px;align-items:baseline}.name{font-weight:650}.price{font-weight:700;white-space:nowrap}
.alt{color:#5b636b;font-size:14px}.desc{margin:4px 0 0;color:#3b434b}.tags{margin:6px 0 0;font-size:14px;color:#5b636b}
.tag{display:inline-block;margin:2px 4px 0 0;padding:1px 8px;border-radius:999px;background:#eef5ea;color:#2d5a1f}
.allergen{background:#fbeee6;color:#8a3a0f}.off{opacity:.55}.off .price{text-decoration:line-through}
.opts{margin:6px 0 0;padding:0;list-style:none;font-size:14px;color:#3b434b}
.notice{max-width:520px;margin:64px auto;padding:24px;background:#fff;border-radius:12px;text-align:center}
footer{padding:16px;text-align:center;color:#8a9096;font-size:13px}`;

type Lang = 'en' | 'el';

const LABELS = {
  en: { allergens: 'Allergens', unavailable: 'Not available right now', menuUnavailable: 'This menu is not available right now.', notFound: 'There is no menu at this address.', askStaff: 'Please ask our staff for the menu.', title: 'Menu', poweredBy: 'Menu by POSPal' },
  el: { allergens: 'Αλλεργιογόνα', unavailable: 'Μη διαθέσιμο αυτή τη στιγμή', menuUnavailable: 'Ο κατάλογος δεν είναι διαθέσιμος αυτή τη στιγμή.', notFound: 'Δεν υπάρχει κατάλογος σε αυτή τη διεύθυνση.', askStaff: 'Ζητήστε τον κατάλογο από το προσωπικό μας.', title: 'Κατάλογος', poweredBy: 'Κατάλογος από το POSPal' },
} as const;

const langOf = (locale: string): Lang => (locale.startsWith('el') ? 'el' : 'en');
const other = (lang: Lang): Lang => (lang === 'el' ? 'en' : 'el');

/** The text in the page's language first, and the other language beside it when both exist. */
function bilingual(text: MenuText, lang: Lang, cls: string): string {
  const first = text[lang] ?? text[other(lang)]!;
  const firstLang = text[lang] !== undefined ? lang : other(lang);
  const second = text[lang] !== undefined ? text[other(lang)] : undefined;
  const main = `<span class="${cls}" lang="${firstLang}">${escapeHtml(first)}</span>`;
  return second && second !== first ? `${main} <span class="alt" lang="${other(lang)}">${escapeHtml(second)}</span>` : main;
}

function priceFormatter(menu: PublishedMenu): (cents: number, signed?: boolean) => string {
  const fmt = new Intl.NumberFormat(menu.locale, { style: 'currency', currency: menu.currency });
  return (cents, signed = false) => (signed && cents > 0 ? '+' : '') + fmt.format(cents / 100);
}

function renderItem(item: PublishedItem, lang: Lang, price: (c: number, s?: boolean) => string): string {
  const tags = [
    ...item.dietary.map((d) => `<span class="tag">${escapeHtml(d)}</span>`),
    ...(item.allergens.length ? [`<span class="tag allergen">${LABELS[lang].allergens}: ${item.allergens.map(escapeHtml).join(', ')}</span>`] : []),
  ];
  const options = item.optionGroups.flatMap((g) =>
    g.options.length
      ? [`<li>${bilingual(g.name, lang, 'group')}: ${g.options.map((o) => `${bilingual(o.name, lang, 'opt')}${o.priceDeltaCents ? ` ${escapeHtml(price(o.priceDeltaCents, true))}` : ''}`).join(', ')}</li>`]
      : [],
  );
  return `<div class="item${item.available ? '' : ' off'}"><div class="row"><div>${bilingual(item.name, lang, 'name')}</div><div class="price">${escapeHtml(price(item.priceCents))}</div></div>
${item.description ? `<p class="desc">${bilingual(item.description, lang, 'd')}</p>` : ''}${item.available ? '' : `<p class="tags">${LABELS[lang].unavailable}</p>`}${tags.length ? `<p class="tags">${tags.join('')}</p>` : ''}${options.length ? `<ul class="opts">${options.join('')}</ul>` : ''}</div>`;
}

function documentOf(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${title}</title><style>${MENU_CSS}</style></head><body>${body}</body></html>`;
}

export function renderMenuPage(menu: PublishedMenu): string {
  const lang = langOf(menu.locale);
  const price = priceFormatter(menu);
  const nav = menu.categories.map((c, i) => `<a href="#c${i}">${escapeHtml(c.name[lang] ?? c.name[other(lang)]!)}</a>`).join('');
  const sections = menu.categories
    .map((c, i) => `<section id="c${i}"><h2>${bilingual(c.name, lang, 'cat')}</h2>${c.items.map((it) => renderItem(it, lang, price)).join('\n')}</section>`)
    .join('\n');
  const shop = escapeHtml(menu.shopName);
  return documentOf(lang, `${shop} · ${LABELS[lang].title}`, `<header><h1>${shop}</h1></header><nav>${nav}</nav><main>${sections}</main><footer>${LABELS[lang].poweredBy}</footer>`);
}

/** Lapsed, unpublished or unknown: a short notice in both languages. */
export function renderNoticePage(kind: 'unavailable' | 'missing'): string {
  const line = (l: Lang) => `<p lang="${l}">${kind === 'missing' ? LABELS[l].notFound : LABELS[l].menuUnavailable} ${LABELS[l].askStaff}</p>`;
  return documentOf('en', 'Menu unavailable', `<div class="notice"><h1>Menu · Κατάλογος</h1>${line('en')}${line('el')}</div>`);
}

let cssHash: Promise<string> | undefined;
/** The CSP source for the page's own stylesheet: 'sha256-…', computed once per isolate. */
export function menuStyleHash(): Promise<string> {
  cssHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(MENU_CSS)).then((d) => {
    let bin = '';
    for (const b of new Uint8Array(d)) bin += String.fromCharCode(b);
    return `'sha256-${btoa(bin)}'`;
  });
  return cssHash;
}
